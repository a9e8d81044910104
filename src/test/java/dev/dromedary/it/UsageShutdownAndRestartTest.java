package dev.dromedary.it;

import dev.dromedary.DromedaryApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge's own lifecycle and its usage records, on an H2 file as in production: a graceful shutdown writes what
 * is still queued, and a start replays what an earlier run left in the spool.
 */
class UsageShutdownAndRestartTest {

    private static final FakeUpstream UPSTREAM = newUpstream();

    private static FakeUpstream newUpstream() {
        try {
            return new FakeUpstream();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    private static ConfigurableApplicationContext start(Path dir, String... extra) throws Exception {
        Path providers = dir.resolve("provider.json");
        Files.writeString(providers, """
                {"providers":[{"name":"fake","base_url":"%s","models":{"middle":["m"]}}]}
                """.formatted(UPSTREAM.baseUrl()));
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--dromedary.provider-config=" + providers,
                "--spring.datasource.url=" + url(dir),
                "--dromedary.usage.spool-dir=" + dir.resolve("spool")));
        for (String e : extra) {
            args.add("--" + e);
        }
        return new SpringApplicationBuilder(DromedaryApplication.class).run(args.toArray(String[]::new));
    }

    private static String url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
    }

    private static int records(Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection(url(dir), "sa", "");
             ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM usage_request")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static void ask(int port, int n) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"m\",\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void gracefulShutdownWritesWhatIsStillQueued() throws Exception {
        Path dir = Files.createTempDirectory("dromedary-shutdown");
        UPSTREAM.answerBy(r -> FakeUpstream.completion("ok", "stop"));
        // batches would wait a minute to fill: only the shutdown can write them
        ConfigurableApplicationContext app = start(dir, "dromedary.usage.flush-interval=60s",
                "dromedary.usage.batch-size=1000");
        ask(port(app), 25);

        app.close();

        assertThat(records(dir)).isEqualTo(25);
        assertThat(Files.exists(dir.resolve("spool/usage-spool.jsonl"))).isFalse();
    }

    @Test
    void aStartReplaysTheSpoolAnEarlierRunLeft() throws Exception {
        Path dir = Files.createTempDirectory("dromedary-replay");
        Files.createDirectories(dir.resolve("spool"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            lines.append("""
                    {"request_id":"req_spooled%d","started_at_millis":1764000000000,"requested_model":"m","tier":"middle",\
                    "provider":"fake","upstream_model":"m","streaming":false,"status":200,"input_tokens":5,\
                    "output_tokens":7,"duration_millis":12,"stop_reason":"end_turn","client_disconnected":false,\
                    "attempts":[{"provider":"fake","model":"m","status":0,"duration_millis":11}]}
                    """.formatted(i));
        }
        // one record twice: a replay that was cut short before must not count it twice
        lines.append(lines.substring(0, lines.indexOf("\n") + 1));
        Files.writeString(dir.resolve("spool/usage-spool.jsonl"), lines);

        ConfigurableApplicationContext app = start(dir);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dir.resolve("spool/usage-spool.jsonl"))
                    && !Files.exists(dir.resolve("spool/usage-spool.replaying.jsonl")));
        } finally {
            app.close();
        }
        assertThat(records(dir)).isEqualTo(3);
    }
}
