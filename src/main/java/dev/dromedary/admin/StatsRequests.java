package dev.dromedary.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dromedary.processor.HttpReply;
import dev.dromedary.usage.StoredRequest;
import dev.dromedary.usage.UsageFilter;
import dev.dromedary.usage.UsageQueries;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code GET /admin/api/stats/requests}: the usage records of single requests, newest first, a page at a time,
 * filtered by time range, provider, model, status and key (see {@link StatsParams}).
 */
@Component("statsRequests")
public class StatsRequests implements Processor {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    private static final Set<String> PARAMETERS = Stream.concat(StatsParams.FILTERS.stream(),
            Stream.of("page", "size")).collect(Collectors.toUnmodifiableSet());

    /** @param total matching requests on all pages */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(int page, int size, long total, List<StoredRequest> items) {
    }

    private final UsageQueries queries;

    public StatsRequests(UsageQueries queries) {
        this.queries = queries;
    }

    @Override
    public void process(Exchange exchange) {
        StatsParams params = StatsParams.read(exchange, PARAMETERS);
        UsageFilter filter = params.filter();
        int page = params.integer("page", 0, 0, Integer.MAX_VALUE);
        int size = params.integer("size", DEFAULT_SIZE, 1, MAX_SIZE);
        HttpReply.json(exchange, 200, new Page(page, size, queries.count(filter), queries.page(filter, page, size)));
    }
}
