package dev.dromedary.failover;

import dev.dromedary.error.BridgeException;
import dev.dromedary.provider.ModelRoute;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The providers one request may try, in order, and what each try gave. Shared by the copies of the exchange
 * that the failover load balancer makes for each attempt, so it is the one mutable thing a request carries;
 * attempts of one request run one after another, never at once.
 */
public final class Attempts {

    private final List<ModelRoute> candidates;
    private final List<Attempt> done = Collections.synchronizedList(new ArrayList<>());
    private int next;
    private int retriesOfCurrent;
    private long startedNanos;

    public Attempts(List<ModelRoute> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    /**
     * The candidate to try now: the same one again while it has retries left ({@code max_retries}) and its last
     * failure was worth retrying, else the next one; null when none is left.
     */
    public synchronized ModelRoute next() {
        Attempt last = done.isEmpty() ? null : done.getLast();
        if (last != null && !last.breakerOpen() && next > 0
                && retriesOfCurrent < candidates.get(next - 1).provider().maxRetries()) {
            retriesOfCurrent++;
            startedNanos = System.nanoTime();
            return candidates.get(next - 1);
        }
        if (next >= candidates.size()) {
            return null;
        }
        retriesOfCurrent = 0;
        startedNanos = System.nanoTime();
        return candidates.get(next++);
    }

    /** How long to wait before the retry {@link #next()} will hand out, or zero when it moves on. */
    public synchronized Duration backoff(Duration maxRetryAfter) {
        Attempt last = done.isEmpty() ? null : done.getLast();
        if (last == null || last.breakerOpen() || next == 0
                || retriesOfCurrent >= candidates.get(next - 1).provider().maxRetries()) {
            return Duration.ZERO;
        }
        Duration exponential = Duration.ofMillis(Math.min(2000, 200L << retriesOfCurrent));
        if (last.retryAfter() != null) {
            return last.retryAfter().compareTo(maxRetryAfter) <= 0 ? last.retryAfter() : Duration.ZERO;
        }
        return exponential;
    }

    public void failed(ModelRoute route, BridgeException error, boolean breakerOpen) {
        done.add(new Attempt(route.provider().name(), route.upstreamModel(), error.status(), error.errorType(),
                error.getMessage(), breakerOpen, error.retryAfter(), elapsedMillis()));
    }

    public void succeeded(ModelRoute route) {
        done.add(new Attempt(route.provider().name(), route.upstreamModel(), 0, null, null, false, null,
                elapsedMillis()));
    }

    private long elapsedMillis() {
        return elapsedNanos() / 1_000_000;
    }

    /** Time since the current attempt was handed out by {@link #next()}. */
    public synchronized long elapsedNanos() {
        return System.nanoTime() - startedNanos;
    }

    public List<Attempt> all() {
        synchronized (done) {
            return List.copyOf(done);
        }
    }

    public int size() {
        return done.size();
    }

    /**
     * The one error for a request whose every attempt failed: the provider's own error when only one was tried; 529 when every
     * breaker was open; 429 with the shortest {@code retry-after} when every provider was rate limiting; else 502.
     */
    public BridgeException exhausted() {
        List<Attempt> failed = all();
        if (failed.stream().map(Attempt::provider).distinct().count() == 1) {
            Attempt only = failed.getLast();
            return new BridgeException(only.status(), only.errorType(), only.message(), only.retryAfter(), null);
        }
        String tried = failed.stream().map(Attempt::describe).collect(Collectors.joining("; "));
        if (failed.stream().allMatch(Attempt::breakerOpen)) {
            return new BridgeException(529, "overloaded_error", "every provider's circuit breaker is open: "
                    + tried, Duration.ofSeconds(1), null);
        }
        if (failed.stream().allMatch(Attempt::rateLimited)) {
            Duration shortest = failed.stream().map(Attempt::retryAfter).filter(Objects::nonNull)
                    .min(Comparator.naturalOrder()).orElse(null);
            return new BridgeException(429, "rate_limit_error", "every provider is rate limiting: " + tried,
                    shortest, null);
        }
        return new BridgeException(502, "api_error", "every provider failed: " + tried);
    }
}
