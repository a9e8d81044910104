package dev.dromedary.web;

import dev.dromedary.config.DromedaryProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds requests for HTTP paths whose routes are being replaced. While a reload drains the old route, Camel has
 * suspended its consumer (it would answer 503), and between removing it and starting the new one nothing serves
 * the path at all (404). A request that arrives then waits here and is served by whichever version runs once the
 * reload is over, as {@code direct:} endpoints already do for their callers.
 */
@Component
public class RouteSwapGate {

    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    /** A reload drains route by route and may then restore the old ones: allow for more than one drain. */
    private final Duration maxWait;

    public RouteSwapGate(DromedaryProperties props) {
        this.maxWait = props.routes().drainTimeout().multipliedBy(3).plusSeconds(10);
    }

    /** Holds requests for {@code paths} until the returned handle is closed. */
    public Hold hold(Set<String> paths) {
        CountDownLatch done = new CountDownLatch(1);
        for (String path : paths) {
            held.put(path, done);
        }
        return () -> {
            for (String path : paths) {
                held.remove(path, done);
            }
            done.countDown();
        };
    }

    public boolean isHeld(String path) {
        return held.containsKey(path);
    }

    /** Waits until the reload holding {@code path} is over (at most a bounded time); false if it was not. */
    public boolean awaitRelease(String path) {
        CountDownLatch done = held.get(path);
        if (done == null) {
            return true;
        }
        waiting.incrementAndGet();
        try {
            return done.await(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Requests waiting at the gate now. */
    public int waiting() {
        return waiting.get();
    }

    /** Ends a hold. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }
}
