package dev.dromedary.processor;

import dev.dromedary.api.anthropic.ModelInfo;
import dev.dromedary.api.anthropic.ModelList;
import dev.dromedary.provider.ProviderConfig;
import dev.dromedary.provider.ProviderRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /v1/models}: every model the usable providers list, in priority order, in Anthropic's list shape
 * with {@code limit}, {@code after_id} and {@code before_id} paging.
 */
@Component("listModels")
public class ListModels implements Processor {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;

    private final ProviderRegistry registry;

    public ListModels(ProviderRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void process(Exchange exchange) {
        Set<String> ids = new LinkedHashSet<>();
        for (ProviderConfig p : registry.current().usable()) {
            p.models().values().forEach(ids::addAll);
        }
        List<String> all = new ArrayList<>(ids);
        int from = 0;
        int to = all.size();
        String after = exchange.getIn().getHeader("after_id", String.class);
        String before = exchange.getIn().getHeader("before_id", String.class);
        if (after != null && all.contains(after)) {
            from = all.indexOf(after) + 1;
        }
        if (before != null && all.contains(before)) {
            to = all.indexOf(before);
        }
        int limit = limit(exchange.getIn().getHeader("limit", String.class));
        List<String> page = from >= to ? List.of() : before != null && after == null
                ? all.subList(Math.max(from, to - limit), to) : all.subList(from, Math.min(to, from + limit));
        String created = registry.loadedAt().toString();
        List<ModelInfo> data = page.stream().map(id -> new ModelInfo("model", id, id, created)).toList();
        boolean more = !page.isEmpty() && (before != null && after == null
                ? all.indexOf(page.getFirst()) > from : all.indexOf(page.getLast()) + 1 < to);
        HttpReply.json(exchange, 200, new ModelList(data, more,
                data.isEmpty() ? null : data.getFirst().id(), data.isEmpty() ? null : data.getLast().id()));
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            return Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            throw dev.dromedary.error.BridgeException.invalidRequest("limit: must be a whole number from 1 to 1000");
        }
    }
}
