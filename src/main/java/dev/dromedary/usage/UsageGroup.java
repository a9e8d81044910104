package dev.dromedary.usage;

import java.time.LocalDate;

/**
 * The requests of one UTC day to one provider's model, added up. {@code provider} and {@code model} are null for
 * requests that failed before any provider was tried.
 *
 * @param errors requests answered with an error status, or that ended in an error event mid-stream
 */
public record UsageGroup(LocalDate day, String provider, String model, long requests, long errors,
                         long inputTokens, long outputTokens, long cacheReadTokens) {
}
