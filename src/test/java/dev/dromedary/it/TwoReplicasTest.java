package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.DromedaryApplication;
import dev.dromedary.api.Json;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of the bridge: two whole applications in this JVM, each on its own port with its own spool, sharing
 * one PostgreSQL (and one fake provider), as two pods behind a load balancer would. Usage from both lands once,
 * keys made or revoked through one hold on the other, and limits count across both.
 */
class TwoReplicasTest {

    private static final String ADMIN_TOKEN = "test-admin-token";
    /** How long a replica reuses a key check: the bound on revocation reaching the other one. */
    private static final Duration CACHE_TTL = Duration.ofSeconds(1);
    /** How often a replica looks for provider changes made through another one. */
    private static final Duration WATCH = Duration.ofMillis(500);
    private static final String SECRETS_KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);

    private static EmbeddedPostgres postgres;
    private static FakeUpstream upstream;
    private static Replica a;
    private static Replica b;
    private static JdbcTemplate db;

    /** One running replica and how to talk to it. */
    record Replica(String name, ConfigurableApplicationContext context, int port, HttpClient http) {

        static Replica start(String name, String jdbcUrl, Path providers) throws Exception {
            Path spool = Files.createTempDirectory("dromedary-replica-" + name);
            // command-line arguments: they outrank the tests' application.properties (an in-memory H2)
            ConfigurableApplicationContext context = new SpringApplicationBuilder(DromedaryApplication.class)
                    .main(DromedaryApplication.class).run(
                    "--server.port=0",
                    "--server.address=127.0.0.1",
                    "--spring.datasource.url=" + jdbcUrl,
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=",
                    "--dromedary.provider-config=" + providers,
                    "--dromedary.usage.spool-dir=" + spool,
                    "--dromedary.auth.required=true",
                    "--dromedary.auth.cache-ttl=" + CACHE_TTL.toMillis() + "ms",
                    "--dromedary.admin.token=" + ADMIN_TOKEN,
                    "--dromedary.providers.watch-interval=" + WATCH.toMillis() + "ms",
                    "--dromedary.providers.allow-private-base-urls=true",
                    "--dromedary.secrets.key=" + SECRETS_KEY);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            return new Replica(name, context, port, http);
        }

        HttpResponse<String> ask(String key) throws Exception {
            return send(HttpRequest.newBuilder(uri("/v1/messages")).header("x-api-key", key)
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                            {"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}
                            """)));
        }

        HttpResponse<String> admin(String method, String path, String body) throws Exception {
            HttpRequest.BodyPublisher content = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body);
            return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .header("content-type", "application/json").method(method, content));
        }

        /** A new key: its id and the key itself. */
        String[] createKey(String json) throws Exception {
            HttpResponse<String> r = admin("POST", "/admin/api/keys", json);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            JsonNode created = Json.MAPPER.readTree(r.body());
            return new String[] {created.path("id").asText(), created.path("key").asText()};
        }

        /** {@code dromedary_requests_total} over all its series, as this replica's Prometheus endpoint shows it. */
        double requestsCounted() throws Exception {
            HttpResponse<String> r = admin("GET", "/actuator/prometheus", null);
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body().lines().filter(l -> l.startsWith("dromedary_requests_total{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @BeforeAll
    static void startBoth() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
        db = new JdbcTemplate(postgres.getPostgresDatabase());
        upstream = new FakeUpstream();
        // every request gets the same answer: 12 input + 5 output tokens
        upstream.answerBy(request -> FakeUpstream.completion("hi", "stop"));
        Path providers = Files.createTempFile("dromedary-replicas", ".json");
        Files.writeString(providers, """
                {"providers": [{"name": "fake", "priority": 1, "api_key": "sk-upstream", "base_url": "%s",
                                "models": {"big": ["big-model"], "middle": ["middle-model"],
                                           "small": ["small-model"]}}]}
                """.formatted(upstream.baseUrl()));
        a = Replica.start("a", jdbcUrl, providers);
        b = Replica.start("b", jdbcUrl, providers);
        assertThat(a.port()).isNotEqualTo(b.port());
    }

    @AfterAll
    static void stopBoth() throws Exception {
        for (Replica r : new Replica[] {a, b}) {
            if (r != null) {
                r.context().close();
                assertThat(r.context().isActive()).isFalse();
                assertThatThrownBy(() -> new Socket("127.0.0.1", r.port()).close())
                        .isInstanceOf(ConnectException.class);
            }
        }
        if (upstream != null) {
            upstream.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void usageFromBothReplicasLandsOnceEach() throws Exception {
        String[] key = a.createKey("{\"name\":\"spread\"}");
        double servedByA = a.requestsCounted();
        double servedByB = b.requestsCounted();
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 60; i++) {
                Replica to = i % 2 == 0 ? a : b;
                sent.add(clients.submit(() -> to.ask(key[1])));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> f : sent) {
            HttpResponse<String> r = f.get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            ids.add(r.headers().firstValue("request-id").orElseThrow());
        }
        assertThat(ids).doesNotHaveDuplicates();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(db.queryForList(
                "SELECT request_id FROM usage_request WHERE key_id = ?", String.class, key[0]))
                .containsExactlyInAnyOrderElementsOf(ids));
        // each replica's metrics count what it served, not what the other did: nothing is shared between the two
        // applications but the database
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(a.requestsCounted() - servedByA).isEqualTo(30);
            assertThat(b.requestsCounted() - servedByB).isEqualTo(30);
        });
        // no stragglers: each replica writes its records in order, so once a later request's record from each has
        // landed, nothing of the 60 is still on its way
        String[] marker = a.createKey("{\"name\":\"usage-marker\"}");
        List<String> markers = List.of(requestId(a.ask(marker[1])), requestId(b.ask(marker[1])));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(db.queryForList(
                "SELECT request_id FROM usage_request WHERE key_id = ?", String.class, marker[0]))
                .containsExactlyInAnyOrderElementsOf(markers));
        assertThat(db.queryForObject("SELECT COUNT(*) FROM usage_request WHERE key_id = ?", Integer.class, key[0]))
                .isEqualTo(60);
        assertThat(db.queryForObject("SELECT SUM(input_tokens + output_tokens) FROM usage_request WHERE key_id = ?",
                Long.class, key[0])).isEqualTo(60 * 17);
    }

    @Test
    void aKeyMadeOnOneReplicaWorksOnTheOtherAndItsRevocationReachesItWithinTheCacheTime() throws Exception {
        String[] key = a.createKey("{\"name\":\"revoked-on-a\"}");
        assertThat(b.ask(key[1]).statusCode()).isEqualTo(200);
        assertThat(a.ask(key[1]).statusCode()).isEqualTo(200);
        // B has just checked the key: its answer is cached
        assertThat(b.ask(key[1]).statusCode()).isEqualTo(200);

        assertThat(a.admin("DELETE", "/admin/api/keys/" + key[0], null).statusCode()).isEqualTo(200);
        long revoked = System.nanoTime();
        assertThat(a.ask(key[1]).statusCode()).as("at once on the replica that revoked it").isEqualTo(401);
        HttpResponse<String> refused = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> b.ask(key[1]), r -> r.statusCode() != 200);
        Duration took = Duration.ofNanos(System.nanoTime() - revoked);

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(refused.body()).path("error").path("type").asText())
                .isEqualTo("authentication_error");
        System.out.printf("revocation on A reached B after %d ms (cache-ttl %d ms)%n", took.toMillis(),
                CACHE_TTL.toMillis());
        assertThat(took).isLessThan(CACHE_TTL.plusMillis(1500));
    }

    @Test
    void aProviderAddedThroughOneReplicaServesOnTheOtherWithinTheWatchInterval() throws Exception {
        String[] key = a.createKey("{\"name\":\"provider-change\"}");
        HttpResponse<String> put = a.admin("PUT", "/admin/api/providers/shared", """
                {"priority":0,"api_key":"sk-shared-upstream","base_url":"%s","models":{"middle":["shared-model"]}}
                """.formatted(upstream.baseUrl()));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        long stored = System.nanoTime();

        await().atMost(WATCH.plusSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() ->
                b.ask(key[1]).headers().firstValue("x-dromedary-provider").orElse("").equals("shared"));
        System.out.printf("a provider stored through A served on B after %d ms (watch interval %d ms)%n",
                Duration.ofNanos(System.nanoTime() - stored).toMillis(), WATCH.toMillis());

        assertThat(b.admin("DELETE", "/admin/api/providers/shared", null).statusCode()).isEqualTo(200);
        await().atMost(WATCH.plusSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() ->
                a.ask(key[1]).headers().firstValue("x-dromedary-provider").orElse("").equals("fake"));
        assertThat(db.queryForObject("SELECT COUNT(*) FROM config_change WHERE name = 'shared'", Integer.class))
                .as("each change recorded once, by the replica that made it").isEqualTo(2);
    }

    @Test
    void requestsPerMinuteHoldAcrossReplicas() throws Exception {
        String[] key = a.createKey("{\"name\":\"rpm6\",\"limits\":{\"requests_per_minute\":6}}");
        awaitTimeLeftInMinute(Duration.ofSeconds(20));

        for (int i = 0; i < 6; i++) {
            Replica to = i % 2 == 0 ? a : b;
            assertThat(to.ask(key[1]).statusCode()).as("request %d on %s", i + 1, to.name()).isEqualTo(200);
        }
        // each replica served only 3: counted alone, neither would refuse yet
        for (Replica r : new Replica[] {a, b}) {
            assertRateLimited(r.ask(key[1]), "requests per minute (6)");
        }
    }

    @Test
    void tokensUsedThroughOneReplicaCountOnTheOther() throws Exception {
        String[] key = a.createKey("{\"name\":\"tpm30\",\"limits\":{\"tokens_per_minute\":30}}");
        awaitTimeLeftInMinute(Duration.ofSeconds(20));

        // two answers of 17 tokens each, on A
        List<String> ids = List.of(requestId(a.ask(key[1])), requestId(a.ask(key[1])));
        // their tokens are counted in the transaction that stores their usage records
        await().atMost(Duration.ofSeconds(10)).until(() -> db.queryForObject(
                "SELECT COUNT(*) FROM usage_request WHERE request_id IN (?, ?)", Integer.class, ids.toArray()) == 2);
        assertThat(db.queryForObject("SELECT tokens FROM key_limit_window WHERE key_id = ? AND window_kind = 'minute'",
                Long.class, key[0])).isEqualTo(34);

        // B has served this key nothing, yet refuses it
        assertRateLimited(b.ask(key[1]), "tokens per minute (30)");
        assertRateLimited(a.ask(key[1]), "tokens per minute (30)");
    }

    private static String requestId(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.headers().firstValue("request-id").orElseThrow();
    }

    private static void assertRateLimited(HttpResponse<String> r, String limit) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(body.path("error").path("message").asText()).contains(limit);
        assertThat(Integer.parseInt(r.headers().firstValue("retry-after").orElseThrow())).isBetween(1, 60);
    }

    /** Per-minute limits start over with each UTC minute: a check must not straddle two. */
    private static void awaitTimeLeftInMinute(Duration needed) {
        await().atMost(Duration.ofSeconds(61)).pollInterval(Duration.ofMillis(100))
                .until(() -> 60_000 - System.currentTimeMillis() % 60_000 >= needed.toMillis());
    }
}
