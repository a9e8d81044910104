package dev.dromedary.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One {@code usage_request} row as the statistics API shows it.
 *
 * @param startedAt ISO-8601 instant (UTC)
 * @param attempts  the provider attempts, parsed back into a JSON array (empty when none was made)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StoredRequest(
        String requestId,
        String startedAt,
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
        Long ttftMs,
        long durationMs,
        String stopReason,
        boolean clientDisconnected,
        int attemptCount,
        JsonNode attempts) {
}
