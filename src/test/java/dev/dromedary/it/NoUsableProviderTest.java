package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** With no usable provider the bridge still starts, and every request says what to set. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NoUsableProviderTest {

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) throws Exception {
        Path file = Files.createTempFile("dromedary-nokey", ".json");
        file.toFile().deleteOnExit();
        Files.writeString(file, """
                {"providers":[{"name":"router","api_key":"${DROMEDARY_TEST_MISSING_KEY}",
                  "base_url":"http://127.0.0.1:9/v1","models":{"middle":["m"]}}]}
                """);
        registry.add("dromedary.provider-config", file::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void requestIsAnswered404NamingTheVariableToSet() throws Exception {
        HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(resp.statusCode()).isEqualTo(404);
        JsonNode body = Json.MAPPER.readTree(resp.body());
        assertThat(body.path("error").path("type").asText()).isEqualTo("not_found_error");
        assertThat(body.path("error").path("message").asText()).contains("DROMEDARY_TEST_MISSING_KEY");
    }
}
