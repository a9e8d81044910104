package dev.dromedary.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dromedary.api.Json;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records as the named parameters of {@code sql/usage-insert.sql}. */
@Component("usageRows")
public class UsageRows {

    public List<Map<String, Object>> rows(List<RequestRecord> records) {
        return records.stream().map(UsageRows::row).toList();
    }

    static Map<String, Object> row(RequestRecord r) {
        OffsetDateTime started = Instant.ofEpochMilli(r.startedAtMillis()).atOffset(ZoneOffset.UTC);
        Map<String, Object> row = new HashMap<>();
        row.put("request_id", r.requestId());
        row.put("started_at", started);
        row.put("usage_day", started.toLocalDate());
        row.put("key_id", r.keyId());
        // a client or a provider may send any length: a value too long for its column would fail the whole batch
        row.put("requested_model", cut(r.requestedModel(), 256));
        row.put("tier", r.tier());
        row.put("provider", cut(r.provider(), 128));
        row.put("upstream_model", cut(r.upstreamModel(), 256));
        row.put("streaming", r.streaming());
        row.put("status", r.status());
        row.put("error_type", cut(r.errorType(), 64));
        row.put("input_tokens", r.inputTokens());
        row.put("output_tokens", r.outputTokens());
        row.put("cache_read_tokens", r.cacheReadTokens());
        row.put("ttft_ms", r.ttftMillis());
        row.put("duration_ms", r.durationMillis());
        row.put("stop_reason", cut(r.stopReason(), 64));
        row.put("client_disconnected", r.clientDisconnected());
        row.put("attempt_count", r.attempts().size());
        try {
            row.put("attempts", r.attempts().isEmpty() ? null : Json.MAPPER.writeValueAsString(r.attempts()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return row;
    }

    /** At most {@code max} characters, as the column holds. */
    static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
