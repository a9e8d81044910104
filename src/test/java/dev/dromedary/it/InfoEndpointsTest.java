package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The model list, the connectivity probe, the service info and count_tokens. */
class InfoEndpointsTest extends BridgeTestBase {

    @Test
    void helloAnswersHeadAndGet() throws Exception {
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(url("/api/hello")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(get("/api/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void rootNamesServiceVersionAndStatus() throws Exception {
        JsonNode body = parse(get("/").body());
        assertThat(body.path("name").asText()).isEqualTo("dromedary");
        assertThat(body.path("version").asText()).isNotBlank();
        assertThat(body.path("status").asText()).isEqualTo("ok");
    }

    @Test
    void modelsListsUsableProvidersModelsInAnthropicShape() throws Exception {
        HttpResponse<String> resp = get("/v1/models?limit=1000");

        assertThat(resp.statusCode()).isEqualTo(200);
        JsonNode body = parse(resp.body());
        assertThat(body.path("data")).isNotEmpty();
        assertThat(body.path("data").findValuesAsText("id"))
                .contains("big-model", "middle-model", "small-model", "slow-model", "dead-model")
                .doesNotContain("nokey-model");
        JsonNode first = body.path("data").get(0);
        assertThat(first.path("type").asText()).isEqualTo("model");
        assertThat(first.path("display_name").asText()).isNotBlank();
        assertThat(first.path("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(body.path("has_more").asBoolean()).isFalse();
        assertThat(body.path("first_id").asText()).isEqualTo(first.path("id").asText());
    }

    @Test
    void modelsPagesWithLimitAndAfterId() throws Exception {
        JsonNode page1 = parse(get("/v1/models?limit=2").body());
        assertThat(page1.path("data")).hasSize(2);
        assertThat(page1.path("has_more").asBoolean()).isTrue();

        JsonNode page2 = parse(get("/v1/models?limit=2&after_id=" + page1.path("last_id").asText()).body());
        assertThat(page2.path("data").get(0).path("id").asText()).isNotEqualTo(page1.path("last_id").asText());
    }

    @Test
    void countTokensCountsAndMatchesMessageStart() throws Exception {
        String body = """
                {"model":"claude-sonnet-4-5","system":"You are terse.","messages":[{"role":"user","content":"Count these words, please."}],
                 "tools":[{"name":"Read","description":"Read a file","input_schema":{"type":"object","properties":{"path":{"type":"string"}}}}]}
                """;
        HttpResponse<String> resp = post("/v1/messages/count_tokens?beta=true", body);
        assertThat(resp.statusCode()).isEqualTo(200);
        int counted = parse(resp.body()).path("input_tokens").asInt();
        assertThat(counted).isGreaterThan(10);

        HttpResponse<String> small = post("/v1/messages/count_tokens", """
                {"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"Count these words, please."}]}
                """);
        assertThat(parse(small.body()).path("input_tokens").asInt()).isLessThan(counted);

        UPSTREAM.enqueue(FakeUpstream.sse(FakeUpstream.list(FakeUpstream.textChunk("ok"), FakeUpstream.finish("stop"),
                FakeUpstream.DONE)));
        String streamed = body.replace("\"messages\"", "\"max_tokens\":10,\"stream\":true,\"messages\"");
        try (SseClient client = stream(streamed)) {
            assertThat(client.await("message_start").data().path("message").path("usage").path("input_tokens")
                    .asInt()).isEqualTo(counted);
            client.await("message_stop");
        }
    }

    @Test
    void countTokensNeedsModelAndMessages() throws Exception {
        HttpResponse<String> resp = post("/v1/messages/count_tokens", "{\"messages\":[]}");
        assertThat(resp.statusCode()).isEqualTo(400);
        assertThat(parse(resp.body()).path("error").path("message").asText()).startsWith("model");
    }

    @org.springframework.beans.factory.annotation.Autowired
    dev.dromedary.web.PlatformHttpFastPath fastPath;

    /**
     * The API is served straight from the servlet filter chain (PlatformHttpFastPath), not through Spring MVC, which
     * would cost every request an async re-dispatch; HEAD requests fall back to Spring MVC on purpose.
     */
    @Test
    void apiRequestsAreServedByTheFastPath() throws Exception {
        long before = fastPath.served();
        UPSTREAM.enqueue(FakeUpstream.completion("ok", "stop"));
        assertThat(post("/v1/messages", request("claude-sonnet-4-5", false)).statusCode()).isEqualTo(200);
        assertThat(get("/v1/models").statusCode()).isEqualTo(200);
        assertThat(fastPath.served() - before).isEqualTo(2);

        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(url("/api/hello")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(fastPath.served() - before).as("HEAD went through Spring MVC").isEqualTo(2);
    }
}
