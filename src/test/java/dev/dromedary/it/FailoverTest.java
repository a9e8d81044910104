package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;
import dev.dromedary.failover.ProviderBreakers;
import dev.dromedary.provider.ProviderRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failover between providers and their circuit breakers, against two fake providers on loopback and a {@link RefusedPort}.
 * Tier big: primary (1 s timeout) → secondary. Tier small: dead → secondary. Model {@code r-model}: retrier (max_retries 1).
 * {@code claude} speaks the Anthropic format; model {@code mix-1}: claude → retrier, {@code mix-2}: secondary → claude.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FailoverTest {

    private static final FakeUpstream PRIMARY;
    private static final FakeUpstream SECONDARY;
    /** An Anthropic-format provider. */
    private static final FakeUpstream CLAUDE;

    static {
        try {
            PRIMARY = new FakeUpstream();
            SECONDARY = new FakeUpstream();
            CLAUDE = new FakeUpstream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) throws Exception {
        int closed = RefusedPort.port();
        Path file = Files.createTempFile("dromedary-failover", ".json");
        file.toFile().deleteOnExit();
        Files.writeString(file, """
                {"providers":[
                  {"name":"primary","priority":1,"base_url":"%1$s","timeout":1,"models":{"big":["p-big"]}},
                  {"name":"secondary","priority":2,"base_url":"%2$s",
                   "models":{"big":["s-big"],"middle":["mix-2"],"small":["s-small"]}},
                  {"name":"dead","priority":0,"base_url":"http://127.0.0.1:%3$d/v1","models":{"small":["d-small"]}},
                  {"name":"claude","priority":5,"api_format":"anthropic","api_key":"sk-ant-upstream","base_url":"%4$s",
                   "models":{"middle":["a-mid","mix-1","mix-2"]}},
                  {"name":"retrier","priority":9,"base_url":"%1$s","max_retries":1,
                   "models":{"middle":["r-model","mix-1"]}}],
                 "circuit_breaker":{"failure_threshold":3,"recovery_timeout":1}}
                """.formatted(PRIMARY.baseUrl(), SECONDARY.baseUrl(), closed, CLAUDE.baseUrl()));
        registry.add("dromedary.provider-config", file::toString);
    }

    @AfterAll
    static void stop() {
        PRIMARY.close();
        SECONDARY.close();
        CLAUDE.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    ProviderBreakers breakers;
    @Autowired
    ProviderRegistry registry;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void reset() {
        PRIMARY.reset();
        SECONDARY.reset();
        CLAUDE.reset();
        breakers.resetAll();
    }

    private HttpResponse<String> send(String model, boolean stream, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"%s","max_tokens":64,"stream":%s,"messages":[{"role":"user","content":"hi"}]}
                        """.formatted(model, stream)));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private CircuitBreaker breaker(String name) {
        return breakers.breaker(registry.current().providers().stream()
                .filter(p -> p.name().equals(name)).findFirst().orElseThrow());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503, 504, 529})
    void failingStatusFailsOverToTheNextProvider(int status) throws Exception {
        PRIMARY.enqueue(FakeUpstream.json(status, "{\"error\":{\"message\":\"down\"}}"));
        SECONDARY.enqueue(FakeUpstream.completion("from secondary", "stop"));

        HttpResponse<String> r = send("claude-opus-4-1", false);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("secondary");
        assertThat(json(r).path("content").get(0).path("text").asText()).isEqualTo("from secondary");
        assertThat(PRIMARY.requestCount()).isEqualTo(1);
        assertThat(SECONDARY.takeRequest().body()).contains("\"model\":\"s-big\"");
    }

    @Test
    void connectionRefusedFailsOver() throws Exception {
        SECONDARY.enqueue(FakeUpstream.completion("still here", "stop"));

        HttpResponse<String> r = send("claude-haiku-4-5", false);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("secondary");
    }

    @Test
    void connectionDroppedWithoutAnAnswerFailsOver() throws Exception {
        PRIMARY.enqueue(FakeUpstream.drop());
        SECONDARY.enqueue(FakeUpstream.completion("after the drop", "stop"));

        HttpResponse<String> r = send("claude-opus-4-1", false);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("secondary");
        assertThat(PRIMARY.requestCount()).isEqualTo(1);
    }

    @Test
    void upstream400GoesBackAtOnceAndDoesNotCountAgainstTheBreaker() throws Exception {
        for (int i = 0; i < 4; i++) {
            PRIMARY.enqueue(FakeUpstream.json(400, "{\"error\":{\"message\":\"bad tool schema\"}}"));
            HttpResponse<String> r = send("claude-opus-4-1", false);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).path("error").path("message").asText()).contains("bad tool schema");
        }
        assertThat(SECONDARY.requestCount()).isZero();
        assertThat(breaker("primary").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void breakerOpensAfterThresholdFailsFastThenHalfOpensAndCloses() throws Exception {
        for (int i = 0; i < 3; i++) {
            PRIMARY.enqueue(FakeUpstream.json(500, "{}"));
            SECONDARY.enqueue(FakeUpstream.completion("backup " + i, "stop"));
            assertThat(send("claude-opus-4-1", false).statusCode()).isEqualTo(200);
        }
        assertThat(breaker("primary").getState()).isEqualTo(CircuitBreaker.State.OPEN);

        // open: primary is not called at all
        SECONDARY.enqueue(FakeUpstream.completion("backup 3", "stop"));
        HttpResponse<String> r = send("claude-opus-4-1", false);
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("secondary");
        assertThat(PRIMARY.requestCount()).isEqualTo(3);

        // after recovery_timeout: one trial call, which succeeds and closes the breaker
        await().atMost(Duration.ofSeconds(5))
                .until(() -> breaker("primary").getState() == CircuitBreaker.State.HALF_OPEN);
        PRIMARY.enqueue(FakeUpstream.completion("primary is back", "stop"));
        r = send("claude-opus-4-1", false);
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("primary");
        assertThat(breaker("primary").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void everyProviderDownIsOne502NamingWhatWasTried() throws Exception {
        PRIMARY.enqueue(FakeUpstream.json(503, "{}"));
        SECONDARY.enqueue(FakeUpstream.json(500, "{}"));

        long t0 = System.nanoTime();
        HttpResponse<String> r = send("claude-opus-4-1", false);

        assertThat(r.statusCode()).isEqualTo(502);
        JsonNode error = json(r).path("error");
        assertThat(error.path("type").asText()).isEqualTo("api_error");
        assertThat(error.path("message").asText()).contains("primary (p-big)").contains("secondary (s-big)");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void everyProviderRateLimitedIs429WithTheShortestRetryAfter() throws Exception {
        PRIMARY.enqueue(FakeUpstream.json(429, "{}", Map.of("retry-after", "30")));
        SECONDARY.enqueue(FakeUpstream.json(429, "{}", Map.of("retry-after", "7")));

        HttpResponse<String> r = send("claude-opus-4-1", false);

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(json(r).path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(r.headers().firstValue("retry-after")).hasValue("7");
    }

    @Test
    void everyBreakerOpenIs529() throws Exception {
        breaker("primary").transitionToOpenState();
        breaker("secondary").transitionToOpenState();

        HttpResponse<String> r = send("claude-opus-4-1", false);

        assertThat(r.statusCode()).isEqualTo(529);
        assertThat(json(r).path("error").path("type").asText()).isEqualTo("overloaded_error");
        assertThat(PRIMARY.requestCount() + SECONDARY.requestCount()).isZero();
    }

    @Test
    void streamsFailOverBeforeTheFirstByte() throws Exception {
        PRIMARY.enqueue(FakeUpstream.json(503, "{}"));
        SECONDARY.enqueue(FakeUpstream.sse(FakeUpstream.list(FakeUpstream.textChunk("streamed"),
                FakeUpstream.finish("stop"), FakeUpstream.DONE)));

        HttpResponse<String> r = send("claude-opus-4-1", true);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("secondary");
        assertThat(r.body()).contains("\"text\":\"streamed\"").contains("event: message_stop");
    }

    @Test
    void xProviderNamePinsOneProviderWithoutFailover() throws Exception {
        PRIMARY.enqueue(FakeUpstream.json(503, "{\"error\":{\"message\":\"busy\"}}"));

        HttpResponse<String> r = send("claude-opus-4-1", false, "X-Provider-Name", "primary");

        assertThat(r.statusCode()).isEqualTo(529);
        assertThat(SECONDARY.requestCount()).isZero();

        HttpResponse<String> unknown = send("claude-opus-4-1", false, "X-Provider-Name", "nobody");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("error").path("message").asText()).contains("primary", "secondary");
    }

    @Test
    void maxRetriesRetriesTheSameProviderHonouringAShortRetryAfter() throws Exception {
        PRIMARY.enqueue(FakeUpstream.json(429, "{}", Map.of("retry-after", "0.3")));
        PRIMARY.enqueue(FakeUpstream.completion("second try", "stop"));

        long t0 = System.nanoTime();
        HttpResponse<String> r = send("r-model", false);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("content").get(0).path("text").asText()).isEqualTo("second try");
        assertThat(PRIMARY.requestCount()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void streamFailsOverWhenTheProviderEndsBeforeItsFirstEvent() throws Exception {
        PRIMARY.enqueue(FakeUpstream.sse(FakeUpstream.list()));
        SECONDARY.enqueue(FakeUpstream.sse(FakeUpstream.list(FakeUpstream.textChunk("from secondary"),
                FakeUpstream.finish("stop"), FakeUpstream.DONE)));

        HttpResponse<String> r = send("claude-opus-4-1", true);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("secondary");
        assertThat(r.body()).contains("from secondary").contains("event: message_stop").doesNotContain("event: error");
    }

    @Test
    void streamFailsOverWhenItsFirstEventIsAnError() throws Exception {
        PRIMARY.enqueue(FakeUpstream.sse(FakeUpstream.list("{\"error\":{\"message\":\"model not loaded\"}}")));
        SECONDARY.enqueue(FakeUpstream.sse(FakeUpstream.list(FakeUpstream.textChunk("ok"),
                FakeUpstream.finish("stop"), FakeUpstream.DONE)));

        HttpResponse<String> r = send("claude-opus-4-1", true);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("secondary");
        assertThat(r.body()).contains("event: message_stop").doesNotContain("event: error");
    }

    @Test
    void afterTheFirstEventAFailureIsAnErrorEventNotAFailover() throws Exception {
        PRIMARY.enqueue(FakeUpstream.sse(FakeUpstream.list(FakeUpstream.textChunk("half an ans"))));

        HttpResponse<String> r = send("claude-opus-4-1", true);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("half an ans").contains("event: error").doesNotContain("event: message_stop");
        assertThat(SECONDARY.requestCount()).isZero();
    }

    private static final String ANTHROPIC_MESSAGE = """
            {"id":"msg_up1","type":"message","role":"assistant","model":"%s",
             "content":[{"type":"text","text":"%s"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":9,"output_tokens":2,"cache_creation_input_tokens":0,"cache_read_input_tokens":4},
             "x_vendor_field":{"kept":true}}
            """;

    private static java.util.List<String> anthropicStream(String model, String text) {
        return FakeUpstream.list(
                FakeUpstream.event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_up2\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],"
                        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}"),
                FakeUpstream.event("ping", "{\"type\":\"ping\"}"),
                FakeUpstream.event("content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                FakeUpstream.event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}"),
                FakeUpstream.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                FakeUpstream.event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}"),
                FakeUpstream.event("message_stop", "{\"type\":\"message_stop\"}"));
    }

    @Test
    void anthropicFormatProviderGetsTheRequestAsSentWithItsModelAndKey() throws Exception {
        CLAUDE.enqueue(FakeUpstream.json(200, ANTHROPIC_MESSAGE.formatted("a-mid", "passed through")));

        HttpResponse<String> r = send("claude-sonnet-4-5", false, "X-Provider-Name", "claude",
                "x-api-key", "sk-client-secret", "anthropic-version", "2023-06-01",
                "anthropic-beta", "interleaved-thinking-2025-05-14");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode answer = json(r);
        assertThat(answer.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(answer.path("id").asText()).isEqualTo("msg_up1");
        assertThat(answer.path("content").get(0).path("text").asText()).isEqualTo("passed through");
        assertThat(answer.path("usage").path("cache_read_input_tokens").asInt()).isEqualTo(4);
        assertThat(answer.path("x_vendor_field").path("kept").asBoolean()).isTrue();

        FakeUpstream.Received sent = CLAUDE.takeRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.headers().getFirst("x-api-key")).isEqualTo("sk-ant-upstream");
        assertThat(sent.headers().getFirst("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.headers().getFirst("anthropic-beta")).isEqualTo("interleaved-thinking-2025-05-14");
        assertThat(sent.headers().containsKey("Authorization")).isFalse();
        assertThat(sent.headers().containsKey("X-provider-name")).isFalse();
        JsonNode body = Json.MAPPER.readTree(sent.body());
        assertThat(body.path("model").asText()).isEqualTo("a-mid");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("hi");
    }

    @Test
    void anthropicFormatStreamPassesThroughEventByEventWithTheClientsModel() throws Exception {
        CLAUDE.enqueue(FakeUpstream.anthropicSse(anthropicStream("a-mid", "streamed through")));

        HttpResponse<String> r = send("claude-sonnet-4-5", true, "X-Provider-Name", "claude");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
        java.util.List<String> types = java.util.Arrays.stream(r.body().split("\n"))
                .filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).filter(t -> !t.equals("ping")).toList();
        assertThat(types).containsExactly("message_start", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        assertThat(r.body()).contains("\"model\":\"claude-sonnet-4-5\"").doesNotContain("a-mid")
                .contains("\"text\":\"streamed through\"").contains("\"id\":\"msg_up2\"");
        assertThat(Json.MAPPER.readTree(CLAUDE.takeRequest().body()).path("stream").asBoolean()).isTrue();
    }

    @Test
    void anthropicProviderFailsOverToAnOpenAiProvider() throws Exception {
        CLAUDE.enqueue(FakeUpstream.json(529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        PRIMARY.enqueue(FakeUpstream.completion("openai backs up anthropic", "stop"));

        HttpResponse<String> r = send("mix-1", false);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("retrier");
        assertThat(json(r).path("content").get(0).path("text").asText()).isEqualTo("openai backs up anthropic");
        assertThat(CLAUDE.requestCount()).isEqualTo(1);
    }

    @Test
    void openAiProviderFailsOverToAnAnthropicProviderMidStreamSetup() throws Exception {
        SECONDARY.enqueue(FakeUpstream.json(503, "{}"));
        CLAUDE.enqueue(FakeUpstream.anthropicSse(anthropicStream("mix-2", "anthropic backs up openai")));

        HttpResponse<String> r = send("mix-2", true);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("claude");
        assertThat(r.body()).contains("anthropic backs up openai").contains("event: message_stop");
    }

    @Test
    void anthropicStreamErrorBeforeTheFirstContentFailsOver() throws Exception {
        CLAUDE.enqueue(FakeUpstream.anthropicSse(FakeUpstream.list(FakeUpstream.event("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))));
        PRIMARY.enqueue(FakeUpstream.sse(FakeUpstream.list(FakeUpstream.textChunk("recovered"),
                FakeUpstream.finish("stop"), FakeUpstream.DONE)));

        HttpResponse<String> r = send("mix-1", true);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("retrier");
        assertThat(r.body()).contains("recovered").doesNotContain("event: error");
    }

    @Test
    void adminApiListsProvidersWithBreakerStateFailureRateAndLastError() throws Exception {
        for (int i = 0; i < 3; i++) {
            PRIMARY.enqueue(FakeUpstream.json(500, "{\"error\":{\"message\":\"disk on fire\"}}"));
            SECONDARY.enqueue(FakeUpstream.completion("backup", "stop"));
            send("claude-opus-4-1", false);
        }

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/admin/api/providers"))
                        .header("Authorization", "Bearer test-admin-token").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("sk-ant-upstream");
        JsonNode providers = json(r).path("providers");
        assertThat(providers.findValuesAsText("name")).containsExactly("dead", "primary", "secondary", "claude",
                "retrier");
        JsonNode primary = providers.get(1);
        assertThat(primary.path("enabled").asBoolean()).isTrue();
        assertThat(primary.path("priority").asInt()).isEqualTo(1);
        assertThat(primary.path("breaker").path("state").asText()).isEqualTo("open");
        assertThat(primary.path("breaker").path("failure_rate").asDouble()).isEqualTo(100.0);
        assertThat(primary.path("last_error").asText()).contains("disk on fire");
        JsonNode secondary = providers.get(2);
        assertThat(secondary.path("breaker").path("state").asText()).isEqualTo("closed");
        assertThat(secondary.path("breaker").path("failure_rate").asDouble()).isZero();
        assertThat(secondary.path("last_success").asText()).isNotEmpty();
        JsonNode claude = providers.get(3);
        assertThat(claude.path("api_format").asText()).isEqualTo("anthropic");
        assertThat(claude.path("api_key_set").asBoolean()).isTrue();
        assertThat(claude.path("breaker").path("failure_rate").isNull()).isTrue();
    }

    @Test
    void streamWhoseFirstEventDoesNotComeInTimeFailsOver() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        // status and headers at once, then nothing for longer than primary's 1 s timeout
        PRIMARY.enqueue(FakeUpstream.sse(FakeUpstream.list(FakeUpstream.textChunk("too late"), FakeUpstream.DONE),
                0, release));
        SECONDARY.enqueue(FakeUpstream.sse(FakeUpstream.list(FakeUpstream.textChunk("on time"),
                FakeUpstream.finish("stop"), FakeUpstream.DONE)));
        try {
            HttpResponse<String> r = send("claude-opus-4-1", true);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("secondary");
            assertThat(r.body()).contains("on time").doesNotContain("too late");
        } finally {
            release.countDown();
        }
    }

    /**
     * Mid-stream the provider's timeout (1 s for primary) still bounds its silence, though its connection reads
     * without a socket timeout: the relay cuts it off, before the idle timeout (1.5 s here) would.
     */
    @Test
    void aStreamWhoseProviderFallsSilentForItsTimeoutEndsWithAnErrorEvent() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        PRIMARY.enqueue(FakeUpstream.sse(FakeUpstream.list(FakeUpstream.textChunk("started"),
                FakeUpstream.textChunk("never sent"), FakeUpstream.DONE), 1, release));
        try {
            HttpResponse<String> r = send("claude-opus-4-1", true);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-dromedary-provider")).hasValue("primary");
            assertThat(r.body()).contains("started").doesNotContain("never sent")
                    .contains("event: error").contains("overloaded_error")
                    .contains("provider primary sent nothing for 1 s (its timeout)");
        } finally {
            release.countDown();
        }
    }

    @Test
    void maxRetriesBacksOffBeforeRetryingWithoutRetryAfter() throws Exception {
        PRIMARY.enqueue(FakeUpstream.json(502, "{}"));
        PRIMARY.enqueue(FakeUpstream.completion("after backoff", "stop"));

        long t0 = System.nanoTime();
        HttpResponse<String> r = send("r-model", false);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("content").get(0).path("text").asText()).isEqualTo("after backoff");
        assertThat(PRIMARY.requestCount()).isEqualTo(2);
        // the first retry waits 200 ms
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
}
