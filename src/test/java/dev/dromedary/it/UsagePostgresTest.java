package dev.dromedary.it;

import dev.dromedary.usage.UsageSpool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Usage records on a real PostgreSQL (embedded binaries from Maven Central, on a free loopback port), including a
 * database that stops mid-load and comes back: every request is served meanwhile and every record arrives once.
 */
class UsagePostgresTest extends BridgeTestBase {

    private static final Path DATA;
    private static final int PORT;
    private static EmbeddedPostgres postgres;

    static {
        try {
            DATA = Files.createTempDirectory("dromedary-pg");
            try (ServerSocket s = new ServerSocket(0)) {
                PORT = s.getLocalPort();
            }
            postgres = start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder().setPort(PORT).setDataDirectory(DATA).setCleanDataDirectory(false).start();
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://localhost:" + PORT + "/postgres");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("dromedary.usage.replay-interval", () -> "300ms");
        registry.add("dromedary.health.database-down-after", () -> "1s");
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    UsageSpool spool;

    @Test
    void concurrentPlainStreamedFailedAndAbandonedRequestsLeaveOneRecordEach() throws Exception {
        UPSTREAM.answerBy(UsageLoad::byKind);
        UsageLoad load = new UsageLoad(this, jdbc);

        Map<String, String> kindById = load.run(10, List.of("plain", "fail", "stream", "leave"));

        load.assertOneCorrectRecordEach(kindById, Duration.ofSeconds(10));
        load.assertDailyViewMatchesTheRecords();
    }

    @Test
    void databaseStoppedMidLoadThenRestartedLosesNothingAndCountsNothingTwice() throws Exception {
        UPSTREAM.answerBy(UsageLoad::byKind);
        UsageLoad load = new UsageLoad(this, jdbc);
        Map<String, String> all = new ConcurrentHashMap<>(load.run(10, List.of("plain", "stream")));

        postgres.close();
        long t0 = System.nanoTime();
        all.putAll(load.run(10, List.of("plain", "stream", "fail")));
        // served at full speed while the database was down: nothing waited on it
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        HttpResponse<String> one = post("/v1/messages", UsageLoad.ask("plain-alone", false));
        assertThat(one.statusCode()).isEqualTo(200);
        all.put(one.headers().firstValue("request-id").orElseThrow(), "plain");
        // the records the database could not take are on disk, not in memory
        await().atMost(Duration.ofSeconds(20)).until(() -> spool.pending() >= 31);
        // gone for longer than the grace period: this replica stops being ready
        await().atMost(Duration.ofSeconds(15)).until(() -> get("/actuator/health/readiness").statusCode() == 503);

        postgres = start();

        load.assertOneCorrectRecordEach(all, Duration.ofSeconds(30));
        assertThat(spool.pending()).as("the spool was replayed and cleared").isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> get("/actuator/health/readiness").statusCode() == 200);
        String ids = String.join(",", all.keySet().stream().map(id -> "'" + id + "'").toList());
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT request_id) FROM usage_request WHERE request_id IN ("
                + ids + ")", Integer.class)).isEqualTo(all.size());
    }
}
