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
import java.net.ServerSocket;
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
 * Failover between providers and their circuit breakers, against two fake providers on loopback and a closed port.
 * Tier big: primary → secondary. Tier small: dead → secondary. Model {@code r-model}: retrier (max_retries 1).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FailoverTest {

    private static final FakeUpstream PRIMARY;
    private static final FakeUpstream SECONDARY;

    static {
        try {
            PRIMARY = new FakeUpstream();
            SECONDARY = new FakeUpstream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path file = Files.createTempFile("dromedary-failover", ".json");
        file.toFile().deleteOnExit();
        Files.writeString(file, """
                {"providers":[
                  {"name":"primary","priority":1,"base_url":"%1$s","models":{"big":["p-big"]}},
                  {"name":"secondary","priority":2,"base_url":"%2$s","models":{"big":["s-big"],"small":["s-small"]}},
                  {"name":"dead","priority":0,"base_url":"http://127.0.0.1:%3$d/v1","models":{"small":["d-small"]}},
                  {"name":"retrier","priority":9,"base_url":"%1$s","max_retries":1,"models":{"middle":["r-model"]}}],
                 "circuit_breaker":{"failure_threshold":3,"recovery_timeout":1}}
                """.formatted(PRIMARY.baseUrl(), SECONDARY.baseUrl(), closed));
        registry.add("dromedary.provider-config", file::toString);
    }

    @AfterAll
    static void stop() {
        PRIMARY.close();
        SECONDARY.close();
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
}
