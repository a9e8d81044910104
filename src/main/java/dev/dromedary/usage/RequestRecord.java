package dev.dromedary.usage;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * What one finished request leaves behind: who asked for what, who answered, how it went and what it cost. No
 * prompt or completion text. Immutable: it is tapped off the request and written later, maybe after a spool.
 *
 * @param startedAtMillis epoch milliseconds of the request's arrival
 * @param attempts        every provider attempt, in order (empty when the request failed before any)
 * @param ttftMillis      arrival to the first content delta of a stream; null for other answers
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RequestRecord(
        String requestId,
        long startedAtMillis,
        String keyId,
        String requestedModel,
        String tier,
        String provider,
        String upstreamModel,
        boolean streaming,
        int status,
        String errorType,
        Long inputTokens,
        Long outputTokens,
        Long cacheReadTokens,
        Long ttftMillis,
        long durationMillis,
        String stopReason,
        boolean clientDisconnected,
        List<AttemptRecord> attempts) {

    /** One provider attempt. {@code status} 0: it answered. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AttemptRecord(String provider, String model, int status, String error, long durationMillis) {
    }
}
