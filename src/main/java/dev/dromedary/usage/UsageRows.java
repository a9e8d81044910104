package dev.dromedary.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dromedary.api.Json;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/**
 * Records as the positional parameters of {@code sql/usage-insert.sql}, in the order of {@link #COLUMNS}. Positional
 * rather than named: camel-sql parses a named statement again for every row of a batch (bench/RESULTS.md, step 17).
 */
@Component("usageRows")
public class UsageRows {

    /** The insert's columns, in the order of its parameters (UsageRowsTest holds the SQL file to it). */
    static final List<String> COLUMNS = List.of("request_id", "started_at", "usage_day", "key_id", "requested_model",
            "tier", "provider", "upstream_model", "streaming", "status", "error_type", "input_tokens", "output_tokens",
            "cache_read_tokens", "ttft_ms", "duration_ms", "stop_reason", "client_disconnected", "attempt_count",
            "attempts");

    public List<List<Object>> rows(List<RequestRecord> records) {
        return records.stream().map(UsageRows::row).toList();
    }

    static List<Object> row(RequestRecord r) {
        OffsetDateTime started = Instant.ofEpochMilli(r.startedAtMillis()).atOffset(ZoneOffset.UTC);
        String attempts;
        try {
            attempts = r.attempts().isEmpty() ? null : Json.MAPPER.writeValueAsString(r.attempts());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // a client or a provider may send any length: a value too long for its column would fail the whole batch
        return Arrays.asList(
                r.requestId(),
                started,
                started.toLocalDate(),
                r.keyId(),
                cut(r.requestedModel(), 256),
                r.tier(),
                cut(r.provider(), 128),
                cut(r.upstreamModel(), 256),
                r.streaming(),
                r.status(),
                cut(r.errorType(), 64),
                r.inputTokens(),
                r.outputTokens(),
                r.cacheReadTokens(),
                r.ttftMillis(),
                r.durationMillis(),
                cut(r.stopReason(), 64),
                r.clientDisconnected(),
                r.attempts().size(),
                attempts);
    }

    /** At most {@code max} characters, as the column holds. */
    static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
