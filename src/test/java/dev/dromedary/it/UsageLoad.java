package dev.dromedary.it;

import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static dev.dromedary.it.FakeUpstream.DONE;
import static dev.dromedary.it.FakeUpstream.finish;
import static dev.dromedary.it.FakeUpstream.list;
import static dev.dromedary.it.FakeUpstream.sse;
import static dev.dromedary.it.FakeUpstream.textChunk;
import static dev.dromedary.it.FakeUpstream.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Concurrent plain, streamed, failed and abandoned requests through the bridge, and the check that each left
 * exactly one correct usage record: shared by the H2 and the PostgreSQL tests.
 */
final class UsageLoad {

    private final BridgeTestBase bridge;
    private final JdbcTemplate jdbc;

    UsageLoad(BridgeTestBase bridge, JdbcTemplate jdbc) {
        this.bridge = bridge;
        this.jdbc = jdbc;
    }

    /** The fake answers by the kind of request, written into its message: the requests run all at once. */
    static FakeUpstream.Answer byKind(FakeUpstream.Received r) {
        if (r.body().contains("fail-")) {
            return FakeUpstream.json(400, "{\"error\":{\"message\":\"bad request\"}}");
        }
        if (r.body().contains("stream-")) {
            return sse(list(textChunk("Hel"), textChunk("lo"), finish("stop"), usage(11, 2, 3), DONE));
        }
        if (r.body().contains("leave-")) {
            return FakeUpstream.endlessStream(new CountDownLatch(1));
        }
        return FakeUpstream.completion("plain answer", "stop");
    }

    static String ask(String text, boolean stream) {
        return """
                {"model":"claude-sonnet-4-5","max_tokens":64,"stream":%s,"messages":[{"role":"user","content":"%s"}]}
                """.formatted(stream, text);
    }

    /** Sends {@code perKind} requests of each kind at once; returns request id → kind. */
    Map<String, String> run(int perKind, List<String> kinds) throws Exception {
        Map<String, String> kindById = new ConcurrentHashMap<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < perKind; i++) {
                int n = i;
                for (String kind : kinds) {
                    all.add(pool.submit(() -> {
                        send(kind, kind + "-" + n, kindById);
                        return null;
                    }));
                }
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        assertThat(kindById).hasSize(perKind * kinds.size());
        return kindById;
    }

    private void send(String kind, String text, Map<String, String> kindById) throws Exception {
        switch (kind) {
            case "plain", "fail" -> {
                HttpResponse<String> r = bridge.post("/v1/messages", ask(text, false));
                assertThat(r.statusCode()).isEqualTo(kind.equals("plain") ? 200 : 400);
                kindById.put(r.headers().firstValue("request-id").orElseThrow(), kind);
            }
            case "stream" -> {
                try (SseClient c = bridge.stream(ask(text, true))) {
                    kindById.put(c.response().headers().firstValue("request-id").orElseThrow(), kind);
                    c.await("message_stop");
                }
            }
            case "leave" -> {
                SseClient c = bridge.stream(ask(text, true));
                kindById.put(c.response().headers().firstValue("request-id").orElseThrow(), kind);
                c.await("content_block_delta");
                c.close();
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }

    /** Waits until every request has its record, then checks each record against what its request was. */
    void assertOneCorrectRecordEach(Map<String, String> kindById, Duration within) {
        String ids = kindById.keySet().stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
        // right after a database restart the pool may still be backing off: such a failure is not the answer
        await().atMost(within).ignoreExceptions().until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM usage_request WHERE request_id IN (" + ids + ")", Integer.class)
                == kindById.size());
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT * FROM usage_request WHERE request_id IN (" + ids + ")");
        assertThat(rows).hasSize(kindById.size());
        for (Map<String, Object> row : rows) {
            String kind = kindById.get((String) row.get("request_id"));
            assertThat(row.get("requested_model")).isEqualTo("claude-sonnet-4-5");
            assertThat(row.get("tier")).isEqualTo("middle");
            assertThat(row.get("provider")).isEqualTo("fake");
            assertThat(row.get("upstream_model")).isEqualTo("middle-model");
            assertThat(((Number) row.get("attempt_count")).intValue()).isEqualTo(1);
            assertThat(((Number) row.get("duration_ms")).longValue()).isNotNegative();
            switch (kind) {
                case "plain" -> {
                    assertThat(row).containsEntry("status", 200).containsEntry("streaming", false)
                            .containsEntry("stop_reason", "end_turn").containsEntry("client_disconnected", false);
                    assertThat(row.get("error_type")).isNull();
                    assertThat(((Number) row.get("input_tokens")).longValue()).isEqualTo(12);
                    assertThat(((Number) row.get("output_tokens")).longValue()).isEqualTo(5);
                    assertThat(row.get("ttft_ms")).isNull();
                }
                case "stream" -> {
                    assertThat(row).containsEntry("status", 200).containsEntry("streaming", true)
                            .containsEntry("stop_reason", "end_turn").containsEntry("client_disconnected", false);
                    assertThat(((Number) row.get("input_tokens")).longValue()).isEqualTo(8);
                    assertThat(((Number) row.get("output_tokens")).longValue()).isEqualTo(2);
                    assertThat(((Number) row.get("cache_read_tokens")).longValue()).isEqualTo(3);
                    assertThat(((Number) row.get("ttft_ms")).longValue()).isNotNegative();
                }
                case "fail" -> {
                    assertThat(row).containsEntry("status", 400).containsEntry("error_type", "invalid_request_error");
                    assertThat((String) row.get("attempts")).contains("bad request");
                }
                case "leave" -> assertThat(row).containsEntry("streaming", true)
                        .containsEntry("client_disconnected", true);
                default -> throw new AssertionError(kind);
            }
        }
    }

    /** The {@code usage_daily} view sums exactly what the rows hold, per day, provider and model. */
    void assertDailyViewMatchesTheRecords() {
        List<Map<String, Object>> view = jdbc.queryForList("""
                SELECT usage_day, provider, model, requests, errors, input_tokens, output_tokens, cache_read_tokens
                FROM usage_daily ORDER BY usage_day, provider, model""");
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT usage_day, COALESCE(provider, '') AS provider, COALESCE(upstream_model, '') AS model,
                       COUNT(*) AS requests,
                       SUM(CASE WHEN status >= 400 OR error_type IS NOT NULL THEN 1 ELSE 0 END) AS errors,
                       COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens,
                       COALESCE(SUM(cache_read_tokens), 0) AS cache_read_tokens
                FROM usage_request GROUP BY usage_day, COALESCE(provider, ''), COALESCE(upstream_model, '')
                ORDER BY usage_day, provider, model""");
        assertThat(view).isNotEmpty();
        assertThat(view.toString()).isEqualTo(rows.toString());
        long fakeRequests = view.stream().filter(v -> "fake".equals(v.get("provider"))
                && "middle-model".equals(v.get("model"))).mapToLong(v -> ((Number) v.get("requests")).longValue())
                .sum();
        assertThat(fakeRequests).isGreaterThanOrEqualTo(40);
    }
}
