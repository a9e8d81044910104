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
        row.put("requested_model", r.requestedModel());
        row.put("tier", r.tier());
        row.put("provider", r.provider());
        row.put("upstream_model", r.upstreamModel());
        row.put("streaming", r.streaming());
        row.put("status", r.status());
        row.put("error_type", r.errorType());
        row.put("input_tokens", r.inputTokens());
        row.put("output_tokens", r.outputTokens());
        row.put("cache_read_tokens", r.cacheReadTokens());
        row.put("ttft_ms", r.ttftMillis());
        row.put("duration_ms", r.durationMillis());
        row.put("stop_reason", r.stopReason());
        row.put("client_disconnected", r.clientDisconnected());
        row.put("attempt_count", r.attempts().size());
        try {
            row.put("attempts", r.attempts().isEmpty() ? null : Json.MAPPER.writeValueAsString(r.attempts()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return row;
    }
}
