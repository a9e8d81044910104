package dev.dromedary.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dromedary.processor.HttpReply;
import dev.dromedary.usage.UsageFilter;
import dev.dromedary.usage.UsageGroup;
import dev.dromedary.usage.UsageQueries;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /admin/api/stats/usage}: requests, tokens and estimated cost per UTC day, provider and upstream
 * model, with their totals. The last 30 days unless {@code from} says otherwise.
 */
@Component("statsUsage")
public class StatsUsage implements Processor {

    static final int DEFAULT_DAYS = 30;

    /** @param costUsd null when the model has no price */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Row(String day, String provider, String model, long requests, long errors, long inputTokens,
                      long outputTokens, long cacheReadTokens, BigDecimal costUsd) {
    }

    /**
     * @param costUsd        the priced models' cost; null when none had a price
     * @param unpricedModels models with tokens but no price: their cost is missing from {@code costUsd}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Totals(long requests, long errors, long inputTokens, long outputTokens, long cacheReadTokens,
                         BigDecimal costUsd, List<String> unpricedModels) {
    }

    /** @param to null: up to now */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Report(String from, String to, List<Row> rows, Totals totals) {
    }

    private final UsageQueries queries;
    private final PriceList prices;

    public StatsUsage(UsageQueries queries, PriceList prices) {
        this.queries = queries;
        this.prices = prices;
    }

    @Override
    public void process(Exchange exchange) {
        UsageFilter filter = StatsParams.read(exchange, StatsParams.FILTERS).filter(DEFAULT_DAYS);
        HttpReply.json(exchange, 200, report(filter));
    }

    Report report(UsageFilter filter) {
        List<Row> rows = new ArrayList<>();
        PriceList.Sum cost = new PriceList.Sum();
        long requests = 0;
        long errors = 0;
        long input = 0;
        long output = 0;
        long cacheRead = 0;
        for (UsageGroup g : queries.byDay(filter)) {
            BigDecimal c = prices.cost(g.model(), g.inputTokens(), g.outputTokens(), g.cacheReadTokens());
            cost.add(g.model(), c, g.inputTokens() + g.outputTokens() + g.cacheReadTokens());
            rows.add(new Row(g.day().toString(), g.provider(), g.model(), g.requests(), g.errors(), g.inputTokens(),
                    g.outputTokens(), g.cacheReadTokens(), PriceList.usd(c)));
            requests += g.requests();
            errors += g.errors();
            input += g.inputTokens();
            output += g.outputTokens();
            cacheRead += g.cacheReadTokens();
        }
        return new Report(StatsParams.iso(filter.from()), StatsParams.iso(filter.to()), rows,
                new Totals(requests, errors, input, output, cacheRead, cost.usd(), cost.unpricedModels()));
    }
}
