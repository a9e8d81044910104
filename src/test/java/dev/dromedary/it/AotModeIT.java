package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar as the container image and the fast-start launch run it: Spring's AOT-generated bean definitions
 * ({@code -Dspring.aot.enabled=true}), whose conditions were settled at build time. Every other test runs the
 * regular mode; this one checks that the generated definitions make the same service: answers, streams, errors,
 * token counts, usage records, metrics, route files changed through the admin API, and tracing, which is switched on
 * by the environment at run time.
 */
class AotModeIT {

    private static final String ADMIN_TOKEN = "aot-admin-token";

    private static FakeUpstream upstream;
    private static FakeUpstream collector;
    private static BridgeProcess app;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("dromedary-aot");
        upstream = new FakeUpstream();
        collector = new FakeUpstream();
        collector.answerBy(r -> FakeUpstream.json(200, ""));
        Path jar = Path.of(System.getProperty("dromedary.jar", "target/dromedary.jar"));
        assertThat(jar).as("the packaged jar (mvn package)").exists();
        app = BridgeProcess.start(dir, upstream,
                List.of("-Dspring.aot.enabled=true", "-jar", jar.toAbsolutePath().toString()),
                "--dromedary.admin.token=" + ADMIN_TOKEN,
                "--dromedary.routes.dir=" + Files.createDirectories(dir.resolve("routes")),
                "--otel.exporter.otlp.endpoint=http://127.0.0.1:" + collector.port(),
                "--otel.exporter.otlp.protocol=http/protobuf", "--otel.bsp.schedule.delay=100");
        app.awaitReadiness();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        upstream.close();
        collector.close();
    }

    @Test
    void startsFromTheGeneratedBeanDefinitions() throws IOException {
        assertThat(app.log()).contains("Starting AOT-processed DromedaryApplication");
    }

    @Test
    void answersStreamsCountsAndRefusesLikeTheRegularMode() throws Exception {
        upstream.enqueue(FakeUpstream.completion("hello from aot", "stop"));
        HttpResponse<String> answer = post("/v1/messages", """
                {"model":"claude-sonnet-4-5","max_tokens":9,"messages":[{"role":"user","content":"hi"}]}""");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode message = Json.MAPPER.readTree(answer.body());
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("content").path(0).path("text").asText()).isEqualTo("hello from aot");

        upstream.enqueue(FakeUpstream.sse(FakeUpstream.list(FakeUpstream.roleChunk(), FakeUpstream.textChunk("str"),
                FakeUpstream.textChunk("eamed"), FakeUpstream.finish("stop"), FakeUpstream.DONE)));
        HttpResponse<String> stream = post("/v1/messages", """
                {"model":"claude-sonnet-4-5","max_tokens":9,"stream":true,
                 "messages":[{"role":"user","content":"hi"}]}""");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(stream.body()).contains("event: message_start").contains("\"text\":\"str\"")
                .contains("\"text\":\"eamed\"").contains("event: message_stop");

        HttpResponse<String> count = post("/v1/messages/count_tokens", """
                {"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hello there"}]}""");
        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(count.body()).path("input_tokens").asInt()).isPositive();

        HttpResponse<String> refused = post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":9}");
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = Json.MAPPER.readTree(refused.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");

        // every finished request leaves its usage record, readable through the admin API
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String range = "from=" + today.minusDays(1) + "&to=" + today.plusDays(2);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> page = get("/admin/api/stats/requests?" + range + "&provider=fake");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(page.body()).path("items")).hasSizeGreaterThanOrEqualTo(2);
        });

        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("camel_exchanges_total").contains("dromedary_usage");
    }

    @Test
    void tracesWhenTheEnvironmentNamesAnExporter() throws Exception {
        upstream.enqueue(FakeUpstream.completion("traced", "stop"));
        assertThat(post("/v1/messages", """
                {"model":"claude-sonnet-4-5","max_tokens":9,"messages":[{"role":"user","content":"hi"}]}""")
                .statusCode()).isEqualTo(200);
        List<String> exported = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            exported.addAll(collector.takeAll());
            String all = String.join("\n", exported);
            return all.contains("/v1/traces") && all.contains("anthropic-messages") && all.contains("provider-fake");
        });
    }

    @Test
    void operatorsChangeRoutesAndReadProvidersAtRunTime() throws Exception {
        String route = """
                - route:
                    id: aot-hello
                    from:
                      uri: platform-http:/aot/hello?httpMethodRestrict=GET
                      steps:
                        - setBody:
                            constant: hello from a route file
                """;
        HttpResponse<String> put = app.send("PUT", "/admin/api/routes/aot-hello.camel.yaml", route,
                "Authorization", "Bearer " + ADMIN_TOKEN, "content-type", "application/yaml");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> hello = get("/aot/hello");
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hello from a route file");
        });

        HttpResponse<String> providers = get("/admin/api/providers");
        assertThat(providers.statusCode()).isEqualTo(200);
        assertThat(providers.body()).contains("\"fake\"");
    }


    private static HttpResponse<String> post(String path, String body) throws Exception {
        return app.send("POST", path, body, "content-type", "application/json");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return app.send("GET", path, null, "Authorization", "Bearer " + ADMIN_TOKEN);
    }
}
