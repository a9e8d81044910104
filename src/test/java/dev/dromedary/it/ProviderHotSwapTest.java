package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;
import dev.dromedary.failover.ProviderBreakers;
import dev.dromedary.provider.ProviderConfig;
import dev.dromedary.provider.ProviderRegistry;
import dev.dromedary.provider.ProviderStore;
import dev.dromedary.provider.StoredProvider;
import dev.dromedary.security.SecretBox;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Providers change while the bridge runs: provider.json edited on disk, and providers added, replaced, switched and
 * removed through the admin API (stored encrypted in the database). Two fake providers on loopback: {@code alpha}
 * (the middle tier, so any unknown model lands there) and {@code beta} (model {@code b-model}).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "dromedary.providers.watch-interval=150ms",
        // the fake providers listen on loopback
        "dromedary.providers.allow-private-base-urls=true"
})
class ProviderHotSwapTest {

    static final String SECRETS_KEY = Base64.getEncoder().encodeToString("k".repeat(32).getBytes());
    private static final FakeUpstream A;
    private static final FakeUpstream B;
    private static final Path FILE;

    static {
        try {
            A = new FakeUpstream();
            B = new FakeUpstream();
            FILE = Files.createTempFile("dromedary-hotswap", ".json");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) throws IOException {
        Files.writeString(FILE, file(""));
        registry.add("dromedary.provider-config", FILE::toString);
        registry.add("dromedary.secrets.key", () -> SECRETS_KEY);
    }

    /** alpha and beta, and {@code extra} providers after them. */
    private static String file(String extra) {
        return """
                {"providers":[
                  {"name":"alpha","priority":1,"base_url":"%1$s","models":{"middle":["a-mid"]}},
                  {"name":"beta","priority":2,"api_key":"${BETA_KEY:-sk-beta-from-env}","base_url":"%2$s",
                   "models":{"small":["b-model"]}}%3$s],
                 "circuit_breaker":{"failure_threshold":50,"recovery_timeout":1}}
                """.formatted(A.baseUrl(), B.baseUrl(), extra);
    }

    private static String gamma() {
        return ",\n{\"name\":\"gamma\",\"priority\":3,\"base_url\":\"" + B.baseUrl() + "\",\"models\":{\"big\":[\"g-model\"]}}";
    }

    @AfterAll
    static void stop() {
        A.close();
        B.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    ProviderRegistry registry;
    @Autowired
    ProviderBreakers breakers;
    @Autowired
    ProviderStore store;
    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void reset() throws Exception {
        A.reset();
        B.reset();
        jdbc.update("DELETE FROM provider_override");
        jdbc.update("DELETE FROM config_change");
        Files.writeString(FILE, file(""));
        await().atMost(Duration.ofSeconds(5)).until(() -> names().equals(List.of("alpha", "beta"))
                && registry.reloadError() == null);
    }

    @Test
    void aProviderAddedToTheFileServesWithoutRestartAndTheEditIsRecorded() throws Exception {
        A.enqueue(FakeUpstream.completion("alpha answers", "stop"));
        assertThat(send("g-model").headers().firstValue("x-dromedary-provider")).hasValue("alpha");

        Files.writeString(FILE, file(gamma()));
        await().atMost(Duration.ofSeconds(5)).until(() -> routeOf("gamma") != null);

        B.enqueue(FakeUpstream.completion("gamma answers", "stop"));
        HttpResponse<String> r = send("g-model");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("gamma");
        assertThat(B.takeRequest().body()).contains("\"model\":\"g-model\"");

        JsonNode history = json(admin("GET", "/admin/api/providers/gamma/history", null)).path("changes");
        assertThat(history.get(0).path("action").asText()).isEqualTo("create");
        assertThat(history.get(0).path("actor").asText()).isEqualTo("file");
        assertThat(history.get(0).path("diff").asText()).contains("+++ b/gamma", "g-model");
    }

    @Test
    void aStreamInFlightOnAProviderRemovedFromTheFileCompletes() throws Exception {
        Files.writeString(FILE, file(gamma()));
        await().atMost(Duration.ofSeconds(5)).until(() -> routeOf("gamma") != null);
        String gammaRoute = routeOf("gamma");
        CountDownLatch resume = new CountDownLatch(1);
        B.enqueue(FakeUpstream.sse(FakeUpstream.list(FakeUpstream.roleChunk(), FakeUpstream.textChunk("before "),
                FakeUpstream.textChunk("after"), FakeUpstream.finish("stop"), FakeUpstream.DONE), 2, resume));

        try (SseClient stream = new SseClient(http, url("/v1/messages"), body("g-model", true))) {
            stream.await("content_block_delta");
            Files.writeString(FILE, file(""));
            await().atMost(Duration.ofSeconds(5)).until(() -> names().equals(List.of("alpha", "beta")));
            // new requests no longer go there, while the route waits for its stream
            A.enqueue(FakeUpstream.completion("alpha now", "stop"));
            assertThat(send("g-model").headers().firstValue("x-dromedary-provider")).hasValue("alpha");
            assertThat(camel.getRoute(gammaRoute)).isNotNull();

            resume.countDown();
            List<SseClient.Event> rest = stream.rest();
            assertThat(rest.stream().map(SseClient.Event::type)).contains("message_stop");
            assertThat(rest.stream().filter(e -> e.type().equals("content_block_delta"))
                    .map(e -> e.data().path("delta").path("text").asText())).contains("after");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> camel.getRoute(gammaRoute) == null);
    }

    @Test
    void anInvalidFileIsRejectedWithItsReasonAndTheRunningProvidersStay() throws Exception {
        Files.writeString(FILE, "{\"providers\": [ {\"name\": \"broken\"");
        // the watcher may read the file while it is being written (empty: another reason); the next read has it whole
        await().atMost(Duration.ofSeconds(5))
                .until(() -> String.valueOf(registry.reloadError()).contains("malformed JSON"));
        JsonNode listing = json(admin("GET", "/admin/api/providers", null));
        assertThat(listing.path("reload_error").asText()).contains(FILE.toString(), "malformed JSON");
        assertThat(names()).containsExactly("alpha", "beta");
        A.enqueue(FakeUpstream.completion("still serving", "stop"));
        assertThat(send("a-mid").statusCode()).isEqualTo(200);

        Files.writeString(FILE, file("").replace("\"name\":\"beta\",", "\"name\":\"beta\",\"timeout\":\"soon\","));
        await().atMost(Duration.ofSeconds(5)).until(() -> String.valueOf(registry.reloadError()).contains("timeout"));
        assertThat(registry.reloadError()).contains("provider 'beta'", "'timeout' must be a whole number");
    }

    @Test
    void theAdminApiAddsAProviderWithItsKeyEncryptedAndNeverShowsTheKey(CapturedOutput log) throws Exception {
        HttpResponse<String> created = admin("POST", "/admin/api/providers", """
                {"name":"delta","priority":0,"api_key":"sk-delta-very-secret","base_url":"%s",
                 "models":{"big":["d-model"]}}""".formatted(B.baseUrl()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("definition").path("api_key").asText()).isEqualTo("***");
        assertThat(created.body()).doesNotContain("sk-delta-very-secret");

        B.enqueue(FakeUpstream.completion("delta answers", "stop"));
        HttpResponse<String> r = send("d-model");
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("delta");
        assertThat(B.takeRequest().headers().getFirst("Authorization")).isEqualTo("Bearer sk-delta-very-secret");

        // at rest: sealed with AES-GCM, bound to the provider's name
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM provider_override WHERE name = 'delta'");
        String sealed = (String) row.get("api_key_sealed");
        assertThat(sealed).startsWith("v1:").doesNotContain("sk-delta");
        assertThat(String.valueOf(row.get("definition"))).doesNotContain("sk-delta");
        assertThat(SecretBox.fromBase64(SECRETS_KEY).open(sealed, "delta")).isEqualTo("sk-delta-very-secret");
        assertThat(jdbc.queryForList("SELECT diff, content FROM config_change").toString()).doesNotContain("sk-delta");

        assertThat(admin("GET", "/admin/api/providers", null).body()).doesNotContain("sk-delta").contains("\"delta\"");
        JsonNode one = json(admin("GET", "/admin/api/providers/delta", null));
        assertThat(one.path("definition").path("api_key").asText()).isEqualTo("***");
        assertThat(one.path("status").path("defined_by").asText()).isEqualTo("admin");

        assertThat(admin("POST", "/admin/api/providers", "{\"name\":\"delta\",\"base_url\":\"" + B.baseUrl()
                + "\",\"models\":{\"big\":[\"x\"]}}").statusCode()).isEqualTo(409);
        assertThat(log.getAll()).contains("delta").doesNotContain("sk-delta-very-secret");
    }

    @Test
    void aReplacedProviderKeepsItsStoredKeyAndTheChangeIsRecordedWithItsAuthor() throws Exception {
        admin("PUT", "/admin/api/providers/delta", """
                {"api_key":"sk-delta-1","base_url":"%s","models":{"big":["d-model"]}}""".formatted(B.baseUrl()));
        HttpResponse<String> replaced = admin("PUT", "/admin/api/providers/delta", """
                {"api_key":"***","base_url":"%s","models":{"big":["d-model","d-two"]}}""".formatted(B.baseUrl()));
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);

        B.enqueue(FakeUpstream.completion("two", "stop"));
        assertThat(send("d-two").headers().firstValue("x-dromedary-provider")).hasValue("delta");
        assertThat(B.takeRequest().headers().getFirst("Authorization")).isEqualTo("Bearer sk-delta-1");

        JsonNode history = json(admin("GET", "/admin/api/providers/delta/history", null)).path("changes");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).path("action").asText()).isEqualTo("update");
        assertThat(history.get(0).path("version").asInt()).isEqualTo(2);
        assertThat(history.get(0).path("actor").asText()).isEqualTo("admin@127.0.0.1");
        assertThat(history.get(0).path("diff").asText()).contains("-    \"big\" : [ \"d-model\" ]", "+    \"big\" : [ \"d-model\", \"d-two\" ]");
        assertThat(history.toString()).doesNotContain("sk-delta-1");
    }

    @Test
    void aProviderDeletedWithARequestInFlightAnswersItAndTakesNoMore() throws Exception {
        admin("PUT", "/admin/api/providers/delta", """
                {"base_url":"%s","priority":0,"models":{"big":["d-model"]}}""".formatted(B.baseUrl()));
        CountDownLatch release = new CountDownLatch(1);
        B.enqueue(FakeUpstream.after(release, FakeUpstream.completion("answered after the delete", "stop")));
        String deltaRoute = provider("delta").routeId();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(post(body("d-model", false)),
                HttpResponse.BodyHandlers.ofString());
        B.takeRequest();

        assertThat(admin("DELETE", "/admin/api/providers/delta", null).statusCode()).isEqualTo(200);
        assertThat(names()).doesNotContain("delta");
        release.countDown();
        HttpResponse<String> r = inFlight.get();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("answered after the delete");
        await().atMost(Duration.ofSeconds(5)).until(() -> camel.getRoute(deltaRoute) == null);

        A.enqueue(FakeUpstream.completion("alpha", "stop"));
        assertThat(send("d-model").headers().firstValue("x-dromedary-provider")).hasValue("alpha");
        assertThat(admin("DELETE", "/admin/api/providers/delta", null).statusCode()).isEqualTo(404);
    }

    @Test
    void changingOneProviderKeepsTheBreakerStateOfTheOthers() throws Exception {
        CircuitBreaker alphaBreaker = breakers.breaker(provider("alpha"));
        alphaBreaker.transitionToOpenState();
        CircuitBreaker betaBreaker = breakers.breaker(provider("beta"));
        String betaRoute = provider("beta").routeId();

        // models only: same route, same breaker
        admin("PUT", "/admin/api/providers/beta", """
                {"base_url":"%s","priority":2,"models":{"small":["b-model","b-two"]}}""".formatted(B.baseUrl()));
        assertThat(provider("beta").routeId()).isEqualTo(betaRoute);
        assertThat(breakers.breaker(provider("beta"))).isSameAs(betaBreaker);
        // another breaker setting: a new route generation with a new breaker; alpha's stays open
        admin("PUT", "/admin/api/providers/beta", """
                {"base_url":"%s","priority":2,"circuit_breaker":{"failure_threshold":7},
                 "models":{"small":["b-model"]}}""".formatted(B.baseUrl()));
        assertThat(provider("beta").routeId()).startsWith("provider-beta-v").isNotEqualTo(betaRoute);
        assertThat(breakers.breaker(provider("beta"))).isNotSameAs(betaBreaker);
        assertThat(breakers.breaker(provider("alpha"))).isSameAs(alphaBreaker);
        assertThat(alphaBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        B.enqueue(FakeUpstream.completion("new generation", "stop"));
        HttpResponse<String> r = send("b-model");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("beta");
        await().atMost(Duration.ofSeconds(5)).until(() -> camel.getRoute(betaRoute) == null);
        alphaBreaker.reset();
    }

    @Test
    void disablingAndEnablingAProviderOfTheFile() throws Exception {
        assertThat(admin("POST", "/admin/api/providers/beta/disable", null).statusCode()).isEqualTo(200);
        assertThat(provider("beta").usable()).isFalse();
        A.enqueue(FakeUpstream.completion("alpha instead", "stop"));
        assertThat(send("b-model").headers().firstValue("x-dromedary-provider")).hasValue("alpha");

        assertThat(admin("POST", "/admin/api/providers/beta/enable", null).statusCode()).isEqualTo(200);
        B.enqueue(FakeUpstream.completion("beta again", "stop"));
        assertThat(send("b-model").headers().firstValue("x-dromedary-provider")).hasValue("beta");
        // its key is still the file's ${VAR} reference, shown as written
        assertThat(json(admin("GET", "/admin/api/providers/beta", null)).path("definition").path("api_key").asText())
                .isEqualTo("${BETA_KEY:-sk-beta-from-env}");
        JsonNode history = json(admin("GET", "/admin/api/providers/beta/history", null)).path("changes");
        assertThat(history.findValuesAsText("action")).containsSubsequence("enable", "disable");
    }

    @Test
    void aProviderStoredByAnotherReplicaIsAppliedWithinTheWatchInterval() throws Exception {
        store.put(new StoredProvider("epsilon", """
                {"name":"epsilon","base_url":"%s","priority":0,"models":{"big":["e-model"]}}""".formatted(B.baseUrl()),
                SecretBox.fromBase64(SECRETS_KEY).seal("sk-epsilon", "epsilon"), null, false, null,
                "admin@10.0.0.2"));
        await().atMost(Duration.ofSeconds(5)).until(() -> routeOf("epsilon") != null);
        B.enqueue(FakeUpstream.completion("epsilon", "stop"));
        assertThat(send("e-model").headers().firstValue("x-dromedary-provider")).hasValue("epsilon");
        assertThat(B.takeRequest().headers().getFirst("Authorization")).isEqualTo("Bearer sk-epsilon");
    }

    @Test
    void badProviderDefinitionsAreRefusedWithTheLoadersMessage() throws Exception {
        HttpResponse<String> r = admin("PUT", "/admin/api/providers/zeta", "{\"base_url\":\"" + B.baseUrl() + "\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(r).path("error").path("message").asText()).contains("provider 'zeta'", "'models'");
        assertThat(admin("PUT", "/admin/api/providers/zeta", "not json").statusCode()).isEqualTo(400);
        assertThat(admin("PUT", "/admin/api/providers/zeta", "{\"name\":\"other\",\"base_url\":\"" + B.baseUrl()
                + "\",\"models\":{\"big\":[\"x\"]}}").statusCode()).isEqualTo(400);
        assertThat(store.list()).isEmpty();
        assertThat(admin("GET", "/admin/api/providers/zeta", null).statusCode()).isEqualTo(404);
    }

    private ProviderConfig provider(String name) {
        return registry.current().providers().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** The route of a provider in force, once it runs; null before. */
    private String routeOf(String name) {
        return registry.current().providers().stream().filter(p -> p.name().equals(name) && p.usable())
                .map(ProviderConfig::routeId).filter(id -> camel.getRoute(id) != null).findFirst().orElse(null);
    }

    private List<String> names() {
        return registry.current().providers().stream().map(ProviderConfig::name).toList();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String body(String model, boolean stream) {
        return """
                {"model":"%s","max_tokens":64,"stream":%s,"messages":[{"role":"user","content":"hi"}]}
                """.formatted(model, stream);
    }

    private HttpRequest post(String body) {
        return HttpRequest.newBuilder(URI.create(url("/v1/messages"))).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> send(String model) throws Exception {
        return http.send(post(body(model, false)), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer test-admin-token").header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }
}
