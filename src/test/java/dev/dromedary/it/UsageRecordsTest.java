package dev.dromedary.it;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every finished Messages request leaves exactly one usage record in the database (H2 here). */
class UsageRecordsTest extends BridgeTestBase {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void concurrentPlainStreamedFailedAndAbandonedRequestsLeaveOneRecordEach() throws Exception {
        UPSTREAM.answerBy(UsageLoad::byKind);
        UsageLoad load = new UsageLoad(this, jdbc);

        Map<String, String> kindById = load.run(10, List.of("plain", "fail", "stream", "leave"));

        load.assertOneCorrectRecordEach(kindById, Duration.ofSeconds(10));
        load.assertDailyViewMatchesTheRecords();
    }

    @Test
    void aRequestRejectedBeforeAnyProviderStillLeavesARecord() throws Exception {
        HttpResponse<String> r = post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}");
        assertThat(r.statusCode()).isEqualTo(400);
        String id = r.headers().firstValue("request-id").orElseThrow();

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM usage_request WHERE request_id = ?", Integer.class, id) == 1);
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM usage_request WHERE request_id = ?", id);
        assertThat(row).containsEntry("status", 400).containsEntry("error_type", "invalid_request_error")
                .containsEntry("attempt_count", 0);
        assertThat(row.get("provider")).isNull();
    }

    @Test
    void steadyTrafficBelowTheBatchSizeIsWrittenEveryFlushInterval() throws Exception {
        UPSTREAM.answerBy(request -> FakeUpstream.completion("hi", "stop"));
        HttpResponse<String> firstResponse = post("/v1/messages", request("claude-sonnet-4-5", false));
        assertThat(firstResponse.statusCode()).isEqualTo(200);
        String first = firstResponse.headers().firstValue("request-id").orElseThrow();
        long firstAt = System.nanoTime();
        // a request every 50 ms (one per poll), for up to 3 s: never a pause of a flush interval (200 ms), never a
        // full batch; polling stops once the first record is in the database
        await().pollDelay(Duration.ofMillis(50)).pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(3))
                .until(() -> {
                    assertThat(post("/v1/messages", request("claude-sonnet-4-5", false)).statusCode()).isEqualTo(200);
                    return jdbc.queryForObject("SELECT COUNT(*) FROM usage_request WHERE request_id = ?",
                            Integer.class, first) == 1;
                });
        Duration waited = Duration.ofNanos(System.nanoTime() - firstAt);
        assertThat(waited).as("the first record was written while the traffic went on").isNotNull()
                .isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aModelNameLongerThanItsColumnIsStoredCutRatherThanLosingTheBatch() throws Exception {
        UPSTREAM.answerBy(request -> FakeUpstream.completion("hi", "stop"));
        String model = "claude-sonnet-" + "x".repeat(300);

        HttpResponse<String> r = post("/v1/messages", request(model, false));

        assertThat(r.statusCode()).isEqualTo(200);
        String id = r.headers().firstValue("request-id").orElseThrow();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM usage_request WHERE request_id = ?", Integer.class, id) == 1);
        assertThat(jdbc.queryForObject("SELECT requested_model FROM usage_request WHERE request_id = ?", String.class,
                id)).isEqualTo(model.substring(0, 256));
    }
}
