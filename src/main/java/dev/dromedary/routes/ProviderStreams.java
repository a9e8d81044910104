package dev.dromedary.routes;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams still relaying from each provider route. A stream outlives its provider route (the route ends at the first
 * event); removing the route would close the HTTP client the stream reads from, so a retired route is removed only
 * once its count is back to zero.
 */
@Component
public class ProviderStreams {

    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    /** Counts a stream of {@code routeId} until {@code exchange} (the request's) completes. */
    public void opened(String routeId, Exchange exchange) {
        AtomicInteger count = open.computeIfAbsent(routeId, k -> new AtomicInteger());
        count.incrementAndGet();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                count.decrementAndGet();
            }
        });
    }

    public int open(String routeId) {
        AtomicInteger count = open.get(routeId);
        return count == null ? 0 : count.get();
    }

    void forget(String routeId) {
        open.remove(routeId);
    }
}
