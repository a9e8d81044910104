package dev.dromedary.security;

import dev.dromedary.config.DromedaryProperties;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failed key checks per client address, per minute: an address over the limit is answered 429 until its minute is
 * over, without a key check, and without affecting other addresses. Kept per replica.
 */
@Component
public class AuthFailures {

    private record Window(long minute, AtomicInteger failures) {
    }

    private final int limit;
    private final Map<String, Window> byAddress = new ConcurrentHashMap<>();

    public AuthFailures(DromedaryProperties props) {
        this.limit = props.auth().maxFailuresPerMinute();
    }

    /** Seconds until the address may try again, or 0 when it may now. */
    public long blockedFor(String address) {
        Window w = byAddress.get(address);
        long minute = System.currentTimeMillis() / 60_000;
        if (w == null || w.minute() != minute || w.failures().get() < limit) {
            return 0;
        }
        return 60 - (System.currentTimeMillis() / 1000) % 60;
    }

    public void failed(String address) {
        long minute = System.currentTimeMillis() / 60_000;
        if (byAddress.size() > 100_000) {
            byAddress.clear();
        }
        byAddress.compute(address, (a, w) -> w == null || w.minute() != minute ? new Window(minute, new AtomicInteger(1))
                : increment(w));
    }

    private static Window increment(Window w) {
        w.failures().incrementAndGet();
        return w;
    }
}
