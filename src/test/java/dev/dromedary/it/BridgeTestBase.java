package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
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

/**
 * Starts the whole bridge on a random port in front of {@link FakeUpstream} (one per test JVM). provider.json
 * names four providers: {@code fake} (all tiers), {@code slow} (1 s timeout, model {@code slow-model}),
 * {@code dead} (a {@link RefusedPort}, model {@code dead-model}) and {@code nokey} (key from an unset variable: skipped).
 * Tests of one provider's errors ask for an exact model (one candidate, no failover); the breakers practically
 * never open here, so tests stay independent ({@code FailoverTest} has its own providers).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "dromedary.stream.ping-interval=300ms",
        "dromedary.stream.idle-timeout=1500ms"
})
public abstract class BridgeTestBase {

    protected static final FakeUpstream UPSTREAM;
    private static final Path PROVIDERS;

    static {
        try {
            UPSTREAM = new FakeUpstream();
            PROVIDERS = Files.createTempFile("dromedary-providers", ".json");
            PROVIDERS.toFile().deleteOnExit();
            Files.writeString(PROVIDERS, """
                    {
                      "providers": [
                        {"name": "fake", "priority": 1, "api_key": "sk-upstream-secret", "base_url": "%1$s",
                         "timeout": 10, "max_tokens_limit": 4096,
                         "custom_headers": {"X-Extra": "yes"},
                         "models": {"big": ["big-model"], "middle": ["middle-model"], "small": ["small-model"]}},
                        {"name": "slow", "priority": 2, "base_url": "%1$s", "timeout": 1,
                         "models": {"middle": ["slow-model"]}},
                        {"name": "dead", "priority": 3, "base_url": "http://127.0.0.1:%2$d/v1",
                         "models": {"middle": ["dead-model"]}},
                        {"name": "nokey", "priority": 0, "api_key": "${DROMEDARY_TEST_UNSET_KEY}",
                         "base_url": "%1$s", "models": {"big": ["nokey-model"]}}
                      ],
                      "fallback_strategy": "priority",
                      "circuit_breaker": {"failure_threshold": 1000, "recovery_timeout": 1},
                      "some_future_key": {"ignored": true}
                    }
                    """.formatted(UPSTREAM.baseUrl(), RefusedPort.port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("dromedary.provider-config", PROVIDERS::toString);
    }

    @LocalServerPort
    protected int port;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void resetUpstream() {
        UPSTREAM.reset();
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    protected HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The admin token the tests' configuration sets (src/test/resources/application.properties). */
    protected static final String ADMIN_TOKEN = "test-admin-token";

    /** A GET; {@code /admin} and {@code /actuator} requests carry the admin token, as an operator's would. */
    protected HttpResponse<String> get(String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET();
        if (path.startsWith("/admin") || path.startsWith("/actuator")) {
            b.header("Authorization", "Bearer " + ADMIN_TOKEN);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected SseClient stream(String body) throws Exception {
        return new SseClient(http, url("/v1/messages"), body);
    }

    protected static JsonNode parse(String body) throws IOException {
        return Json.MAPPER.readTree(body);
    }

    /** A minimal valid request for {@code model}. */
    protected static String request(String model, boolean stream) {
        return """
                {"model":"%s","max_tokens":256,"stream":%s,"messages":[{"role":"user","content":"hello"}]}
                """.formatted(model, stream);
    }
}
