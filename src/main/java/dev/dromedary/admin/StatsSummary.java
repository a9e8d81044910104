package dev.dromedary.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dromedary.processor.HttpReply;
import dev.dromedary.usage.RequestFigures;
import dev.dromedary.usage.UsageFilter;
import dev.dromedary.usage.UsageGroup;
import dev.dromedary.usage.UsageQueries;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/api/stats/summary}: request count, success rate, tokens, estimated cost and latency
 * percentiles, overall and per provider. The last 30 days unless {@code from} says otherwise. Percentiles cover
 * every matching request, failed ones too; {@code status=2xx} narrows them to answered requests.
 */
@Component("statsSummary")
public class StatsSummary implements Processor {

    /** Milliseconds, to a tenth; null when no request had the figure. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Percentiles(Double p50, Double p95) {
    }

    /**
     * @param successRate    percent of the requests that succeeded, to a hundredth; null without requests
     * @param costUsd        the priced models' cost; null when none had a price
     * @param unpricedModels models with tokens but no price: their cost is missing from {@code costUsd}
     * @param ttftMs         time to first token, of streams only
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Figures(long requests, long succeeded, long errors, Double successRate, long inputTokens,
                         long outputTokens, long cacheReadTokens, BigDecimal costUsd, List<String> unpricedModels,
                         Percentiles durationMs, Percentiles ttftMs) {
    }

    /** @param provider null for the requests that failed before any provider was tried */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ProviderFigures(String provider, @JsonUnwrapped Figures figures) {
    }

    /** @param to null: up to now */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Summary(String from, String to, Figures overall, List<ProviderFigures> providers) {
    }

    private final UsageQueries queries;
    private final PriceList prices;

    public StatsSummary(UsageQueries queries, PriceList prices) {
        this.queries = queries;
        this.prices = prices;
    }

    @Override
    public void process(Exchange exchange) {
        UsageFilter filter = StatsParams.read(exchange, StatsParams.FILTERS).filter(StatsUsage.DEFAULT_DAYS);
        HttpReply.json(exchange, 200, summary(filter));
    }

    Summary summary(UsageFilter filter) {
        // cost is per model, so it is added up from the per-model groups rather than from the providers' totals
        PriceList.Sum overallCost = new PriceList.Sum();
        Map<String, PriceList.Sum> providerCost = new HashMap<>();
        for (UsageGroup g : queries.byDay(filter)) {
            BigDecimal c = prices.cost(g.model(), g.inputTokens(), g.outputTokens(), g.cacheReadTokens());
            long tokens = g.inputTokens() + g.outputTokens() + g.cacheReadTokens();
            overallCost.add(g.model(), c, tokens);
            providerCost.computeIfAbsent(g.provider(), p -> new PriceList.Sum()).add(g.model(), c, tokens);
        }
        List<ProviderFigures> providers = queries.byProvider(filter).stream()
                .map(f -> new ProviderFigures(f.provider(),
                        figures(f, providerCost.getOrDefault(f.provider(), new PriceList.Sum()))))
                .toList();
        return new Summary(StatsParams.iso(filter.from()), StatsParams.iso(filter.to()),
                figures(queries.overall(filter), overallCost), providers);
    }

    private static Figures figures(RequestFigures f, PriceList.Sum cost) {
        long succeeded = f.requests() - f.errors();
        Double rate = f.requests() == 0 ? null : Math.round(succeeded * 10_000.0 / f.requests()) / 100.0;
        return new Figures(f.requests(), succeeded, f.errors(), rate, f.inputTokens(), f.outputTokens(),
                f.cacheReadTokens(), cost.usd(), cost.unpricedModels(),
                new Percentiles(tenth(f.durationP50()), tenth(f.durationP95())),
                new Percentiles(tenth(f.ttftP50()), tenth(f.ttftP95())));
    }

    /**
     * To a tenth of a millisecond. PostgreSQL interpolates in floating point (12.549999999999999), H2 in decimals
     * (12.55): rounding to a micro first drops the float noise, so that both show 12.6. An interpolated
     * percentile of whole milliseconds has at most two decimals, so nothing real is lost.
     */
    private static Double tenth(Double millis) {
        return millis == null ? null : BigDecimal.valueOf(millis).setScale(6, RoundingMode.HALF_UP)
                .setScale(1, RoundingMode.HALF_UP).doubleValue();
    }
}
