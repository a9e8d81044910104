package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static dev.dromedary.it.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Every failure is an Anthropic error body with the right status, type and a request id. */
class ErrorsTest extends BridgeTestBase {

    private static JsonNode assertError(HttpResponse<String> resp, int status, String type) throws Exception {
        assertThat(resp.statusCode()).isEqualTo(status);
        assertThat(resp.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).contains("json"));
        JsonNode body = parse(resp.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo(type);
        assertThat(body.path("error").path("message").asText()).isNotBlank();
        String requestId = resp.headers().firstValue("request-id").orElseThrow();
        assertThat(body.path("request_id").asText()).isEqualTo(requestId);
        assertThat(resp.body()).doesNotContain("Exception").doesNotContain("at dev.dromedary");
        return body;
    }

    @Test
    void malformedJsonIs400() throws Exception {
        JsonNode body = assertError(post("/v1/messages", "{\"model\": \"x\", "), 400, "invalid_request_error");
        assertThat(body.path("error").path("message").asText()).contains("JSON");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model",
            "{\"model\":\"m\",\"max_tokens\":5}|messages",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|max_tokens",
            "{\"model\":\"m\",\"max_tokens\":\"lots\",\"messages\":[]}|max_tokens",
            "{\"model\":\"m\",\"max_tokens\":5,\"messages\":\"hi\"}|messages"})
    void missingOrMistypedFieldIs400NamingIt(String requestBody, String field) throws Exception {
        JsonNode body = assertError(post("/v1/messages", requestBody), 400, "invalid_request_error");
        assertThat(body.path("error").path("message").asText()).startsWith(field);
        assertThat(UPSTREAM.requestCount()).isZero();
    }

    @Test
    void upstream429PassesRetryAfter() throws Exception {
        UPSTREAM.enqueue(json(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("retry-after", "7")));

        HttpResponse<String> resp = post("/v1/messages", request("middle-model", false));

        JsonNode body = assertError(resp, 429, "rate_limit_error");
        assertThat(resp.headers().firstValue("retry-after")).hasValue("7");
        assertThat(body.path("error").path("message").asText()).contains("slow down");
    }

    @ParameterizedTest
    @CsvSource({"500,502,api_error", "502,502,api_error", "503,529,overloaded_error", "529,529,overloaded_error",
            "504,504,timeout_error", "401,401,authentication_error", "403,403,permission_error",
            "404,404,not_found_error", "413,413,request_too_large"})
    void upstreamStatusMaps(int upstream, int status, String type) throws Exception {
        UPSTREAM.enqueue(json(upstream, "{\"error\":{\"message\":\"upstream says no\"}}"));

        JsonNode body = assertError(post("/v1/messages", request("middle-model", false)), status, type);

        assertThat(body.path("error").path("message").asText()).contains("upstream says no");
    }

    @Test
    void upstream400ComesBackAs400WithItsMessage() throws Exception {
        UPSTREAM.enqueue(json(400, "{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"invalid_request_error\"}}"));

        JsonNode body = assertError(post("/v1/messages", request("middle-model", false)), 400,
                "invalid_request_error");

        assertThat(body.path("error").path("message").asText()).contains("max_tokens is too large");
    }

    @Test
    void garbageFromUpstreamIs502() throws Exception {
        UPSTREAM.enqueue(json(200, "<html>oops</html>"));

        assertError(post("/v1/messages", request("middle-model", false)), 502, "api_error");
    }

    @Test
    void emptyChoicesIs502() throws Exception {
        UPSTREAM.enqueue(json(200, "{\"id\":\"x\",\"choices\":[]}"));

        assertError(post("/v1/messages", request("middle-model", false)), 502, "api_error");
    }

    @Test
    void connectionRefusedIs502NamingTheProvider() throws Exception {
        JsonNode body = assertError(post("/v1/messages", request("dead-model", false)), 502, "api_error");

        assertThat(body.path("error").path("message").asText()).contains("dead");
    }

    @Test
    void providerTimeoutIs504() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        UPSTREAM.enqueue(FakeUpstream.after(never, FakeUpstream.completion("late", "stop")));
        try {
            long start = System.nanoTime();
            assertError(post("/v1/messages", request("slow-model", false)), 504, "timeout_error");
            assertThat((System.nanoTime() - start) / 1_000_000).as("gives up after the 1 s provider timeout")
                    .isLessThan(5000);
        } finally {
            never.countDown();
        }
    }

    @Test
    void unknownPathAndWrongMethodAreAnthropicShaped() throws Exception {
        assertError(get("/v1/nothing-here"), 404, "not_found_error");
        assertError(get("/v1/messages"), 405, "invalid_request_error");
    }

    @Test
    void malformedPercentEscapeInTheQueryIsA400() throws Exception {
        // Java's HTTP client refuses to send such a URL: a raw request, as a careless client would write it
        String answer;
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /v1/models?limit=%zz HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        assertThat(answer).startsWith("HTTP/1.1 400");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        body = body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1);
        assertThat(parse(body).path("type").asText()).isEqualTo("error");
        assertThat(parse(body).path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }
}
