package dev.dromedary.stream;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends {@code ping} into every relayed stream that has been quiet for the ping interval, and cuts off providers
 * that have been silent too long ({@link SseRelay}). One shared ticker instead of a timed wait per stream, or a
 * socket timeout on the provider's connection: a timed wait schedules and cancels a JVM timer for every event
 * relayed, which at thousands of streams costs more than relaying the event itself.
 */
public final class PingTicker implements AutoCloseable {

    private final Set<SseRelay> relays = ConcurrentHashMap.newKeySet();
    private final long intervalNanos;
    private final Duration idleTimeout;
    private final ScheduledExecutorService timer;

    public PingTicker(Duration interval, Duration idleTimeout) {
        this.intervalNanos = interval.toNanos();
        this.idleTimeout = idleTimeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sse-ping-ticker");
            t.setDaemon(true);
            return t;
        });
        // checking at a quarter of the interval keeps every ping within 1.25 intervals of the last event
        long period = Math.max(1, intervalNanos / 4);
        timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
    }

    void add(SseRelay relay) {
        relays.add(relay);
    }

    void remove(SseRelay relay) {
        relays.remove(relay);
    }

    /** Streams being relayed now. */
    public int size() {
        return relays.size();
    }

    private void tick() {
        long now = System.nanoTime();
        for (SseRelay relay : relays) {
            relay.pingIfQuietSince(now - intervalNanos);
            relay.cutOffIfSilent(now, idleTimeout);
        }
    }

    /** "120 s", or "1500 ms" when not whole seconds. */
    static String label(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
