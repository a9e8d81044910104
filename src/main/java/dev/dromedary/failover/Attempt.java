package dev.dromedary.failover;

import java.time.Duration;

/**
 * One try of one provider: what it answered. {@code status} is the Anthropic status the failure maps to (0 when
 * the attempt succeeded).
 */
public record Attempt(String provider, String model, int status, String errorType, String message,
                      boolean breakerOpen, Duration retryAfter, long durationMillis) {

    public boolean succeeded() {
        return status == 0;
    }

    public boolean rateLimited() {
        return status == 429;
    }

    /** For messages: {@code name (model): what happened}. */
    public String describe() {
        return provider + " (" + model + "): " + (succeeded() ? "ok" : breakerOpen ? "circuit breaker open" : message);
    }
}
