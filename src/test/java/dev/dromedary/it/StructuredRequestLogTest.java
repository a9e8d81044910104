package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.DromedaryApplication;
import dev.dromedary.api.Json;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Spring Boot's structured logging on, the request line is JSON with one field per figure. The service runs
 * in a process of its own, started as an operator would (a command-line switch): logging is set up once per JVM.
 */
class StructuredRequestLogTest {

    @Test
    void theRequestLineIsJsonWithFields() throws Exception {
        Path dir = Files.createTempDirectory("dromedary-json-log");
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.answerBy(r -> FakeUpstream.completion("hi", "stop"));
            try (BridgeProcess app = BridgeProcess.start(dir, upstream,
                    List.of("-cp", System.getProperty("java.class.path"), DromedaryApplication.class.getName()),
                    "--spring.datasource.url=jdbc:h2:mem:json-log;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                    "--dromedary.usage.spool-dir=" + dir.resolve("spool"),
                    "--logging.structured.format.console=logstash")) {
                String ask = """
                        {"model":"claude-sonnet-4-5","max_tokens":9,"messages":[{"role":"user","content":"hi"}]}""";
                String[] id = new String[1];
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
                        .until(() -> {
                            HttpResponse<String> r = app.send("POST", "/v1/messages", ask,
                                    "content-type", "application/json");
                            id[0] = r.headers().firstValue("request-id").orElse(null);
                            return r.statusCode() == 200;
                        });

                String key = "\"request_id\":\"" + id[0] + "\"";
                await().atMost(Duration.ofSeconds(10)).until(() -> app.log().contains(key));
                String line = app.logLines().stream().filter(l -> l.contains(key)).findFirst().orElseThrow();
                JsonNode json = Json.MAPPER.readTree(line);
                assertThat(json.path("logger_name").asText()).isEqualTo("dromedary.requests");
                assertThat(json.path("provider").asText()).isEqualTo("fake");
                assertThat(json.path("status").asInt()).isEqualTo(200);
                assertThat(json.path("input_tokens").asInt()).isEqualTo(12);
                assertThat(json.path("output_tokens").asInt()).isEqualTo(5);
                assertThat(json.path("duration_ms").isNumber()).isTrue();
            }
        }
    }
}
