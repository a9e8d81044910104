package dev.dromedary.security;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.error.BridgeException;
import dev.dromedary.usage.RequestRecord;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key limits: requests per minute, and input + output tokens per minute and per UTC day; a key without its own
 * limit has the global default ({@code dromedary.auth.default-limits}), none meaning unlimited. Requests are counted
 * as they arrive, tokens when a request's usage record is made. Counted per replica: with N replicas behind a load
 * balancer a key gets up to N times its limits.
 * <p>
 * Also the {@code usage-record} route's step that counts the tokens of a finished request.
 */
@Component("keyLimits")
public class KeyLimits implements Processor {

    /** A counter that starts over when its window (a minute or a day number) changes. */
    private static final class Window {
        private long window = -1;
        private long count;

        synchronized long add(long current, long n) {
            if (current != window) {
                window = current;
                count = 0;
            }
            count += n;
            return count;
        }

        synchronized long get(long current) {
            return current == window ? count : 0;
        }
    }

    private record Counters(Window requests, Window tokensMinute, Window tokensDay) {
        Counters() {
            this(new Window(), new Window(), new Window());
        }
    }

    private final DromedaryProperties.Limits defaults;
    private final Map<String, Counters> byKey = new ConcurrentHashMap<>();

    public KeyLimits(DromedaryProperties props) {
        this.defaults = props.auth().defaultLimits();
    }

    /** Before a request of {@code key} is served: throws 429 with {@code retry-after} when a limit is reached. */
    public void admit(ClientKey key) {
        long now = System.currentTimeMillis();
        long minute = now / 60_000;
        long day = now / 86_400_000;
        Counters c = byKey.computeIfAbsent(key.id(), k -> new Counters());
        Long tpm = key.tokensPerMinute() != null ? key.tokensPerMinute() : defaults.tokensPerMinute();
        if (tpm != null && c.tokensMinute().get(minute) >= tpm) {
            throw limited("tokens per minute (" + tpm + ")", (minute + 1) * 60_000 - now);
        }
        Long tpd = key.tokensPerDay() != null ? key.tokensPerDay() : defaults.tokensPerDay();
        if (tpd != null && c.tokensDay().get(day) >= tpd) {
            throw limited("tokens per day (" + tpd + ", UTC)", (day + 1) * 86_400_000 - now);
        }
        Integer rpm = key.requestsPerMinute() != null ? key.requestsPerMinute() : defaults.requestsPerMinute();
        if (rpm != null && c.requests().add(minute, 1) > rpm) {
            throw limited("requests per minute (" + rpm + ")", (minute + 1) * 60_000 - now);
        }
    }

    /** A finished request's tokens count against its key. */
    @Override
    public void process(Exchange exchange) {
        RequestRecord r = exchange.getMessage().getBody(RequestRecord.class);
        if (r == null || r.keyId() == null) {
            return;
        }
        long tokens = (r.inputTokens() == null ? 0 : r.inputTokens()) + (r.outputTokens() == null ? 0 : r.outputTokens());
        if (tokens > 0) {
            long now = r.startedAtMillis() + r.durationMillis();
            Counters c = byKey.computeIfAbsent(r.keyId(), k -> new Counters());
            c.tokensMinute().add(now / 60_000, tokens);
            c.tokensDay().add(now / 86_400_000, tokens);
        }
    }

    private static BridgeException limited(String what, long retryMillis) {
        return new BridgeException(429, "rate_limit_error", "this API key has reached its limit of " + what,
                Duration.ofMillis(Math.max(1000, retryMillis)), null);
    }
}
