package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The container image's mode (Spring's AOT-generated bean definitions) on PostgreSQL, as k8s/deployment.yaml runs
 * it for several replicas: the database is chosen by settings at run time, after the bean conditions were settled
 * at build time on the default H2. The migrations, the usage records, the per-key limits' shared counters and the
 * statistics run on a real PostgreSQL (embedded binaries, a free loopback port).
 */
class AotModePostgresIT {

    private static final String ADMIN_TOKEN = "aot-pg-admin-token";

    private static EmbeddedPostgres postgres;
    private static JdbcTemplate jdbc;
    private static FakeUpstream upstream;
    private static BridgeProcess app;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        upstream = new FakeUpstream();
        Path dir = Files.createTempDirectory("dromedary-aot-pg");
        Path jar = Path.of(System.getProperty("dromedary.jar", "target/dromedary.jar"));
        assertThat(jar).as("the packaged jar (mvn package)").exists();
        app = BridgeProcess.start(dir, upstream,
                List.of("-Dspring.aot.enabled=true", "-jar", jar.toAbsolutePath().toString()),
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--dromedary.admin.token=" + ADMIN_TOKEN);
        app.awaitReadiness();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        upstream.close();
        postgres.close();
    }

    @Test
    void migratesPostgresAndWritesEachRequestsUsageThere() throws Exception {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success", Integer.class))
                .as("every migration of db/migration").isGreaterThanOrEqualTo(6);

        upstream.enqueue(FakeUpstream.completion("hello from postgres", "stop"));
        HttpResponse<String> answer = post("/v1/messages", null, """
                {"model":"claude-sonnet-4-5","max_tokens":9,"messages":[{"role":"user","content":"hi"}]}""");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String requestId = answer.headers().firstValue("request-id").orElseThrow();

        Map<String, Object> row = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> jdbc.queryForList("SELECT * FROM usage_request WHERE provider = 'fake'"),
                        rows -> !rows.isEmpty()).getFirst();
        assertThat(row).containsEntry("request_id", requestId).containsEntry("upstream_model", "m")
                .containsEntry("status", 200).containsEntry("streaming", false)
                .containsEntry("stop_reason", "end_turn");

        // the statistics' SQL (percentiles, the daily view) on PostgreSQL: the other test's requests may land too
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        HttpResponse<String> summary = get("/admin/api/stats/summary?from=" + today.minusDays(1)
                + "&to=" + today.plusDays(2));
        assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
        JsonNode overall = Json.MAPPER.readTree(summary.body()).path("overall");
        assertThat(overall.path("requests").asLong()).isPositive();
        assertThat(overall.path("duration_ms").path("p50").isNumber()).as(summary.body()).isTrue();
    }

    @Test
    void countsAKeysRequestsInPostgresSharedCounters() throws Exception {
        HttpResponse<String> created = app.send("POST", "/admin/api/keys",
                "{\"name\":\"aot-pg\",\"limits\":{\"requests_per_minute\":1}}",
                "Authorization", "Bearer " + ADMIN_TOKEN, "content-type", "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode createdKey = Json.MAPPER.readTree(created.body());
        String key = createdKey.path("key").asText();

        upstream.enqueue(FakeUpstream.completion("one", "stop"));
        String body = """
                {"model":"claude-sonnet-4-5","max_tokens":9,"messages":[{"role":"user","content":"hi"}]}""";
        assertThat(post("/v1/messages", key, body).statusCode()).isEqualTo(200);
        HttpResponse<String> second = post("/v1/messages", key, body);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
        JsonNode error = Json.MAPPER.readTree(second.body());
        assertThat(error.path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(jdbc.queryForObject("SELECT SUM(requests) FROM key_limit_window WHERE key_id = ?", Long.class,
                createdKey.path("id").asText())).as("the counter every replica shares, the refused request too")
                .isEqualTo(2);
    }

    private static HttpResponse<String> post(String path, String apiKey, String body) throws Exception {
        return apiKey == null ? app.send("POST", path, body, "content-type", "application/json")
                : app.send("POST", path, body, "content-type", "application/json", "x-api-key", apiKey);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return app.send("GET", path, null, "Authorization", "Bearer " + ADMIN_TOKEN);
    }
}
