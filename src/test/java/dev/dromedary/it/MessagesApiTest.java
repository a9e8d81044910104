package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;

import static dev.dromedary.it.FakeUpstream.completion;
import static dev.dromedary.it.FakeUpstream.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Non-streaming {@code POST /v1/messages} through the whole bridge against the fake provider. */
class MessagesApiTest extends BridgeTestBase {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.boot.web.context.WebServerApplicationContext web;

    @Test
    void plainAnswerCarriesRequestedModelAnthropicIdsAndUsage() throws Exception {
        UPSTREAM.enqueue(completion("Hi there", "stop"));

        HttpResponse<String> resp = post("/v1/messages", request("claude-sonnet-4-5", false));

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.headers().firstValue("request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        assertThat(resp.headers().firstValue("x-dromedary-provider")).hasValue("fake");
        JsonNode body = parse(resp.body());
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("id").asText()).startsWith("msg_").doesNotContain("chatcmpl");
        assertThat(body.path("content").get(0).path("type").asText()).isEqualTo("text");
        assertThat(body.path("content").get(0).path("text").asText()).isEqualTo("Hi there");
        assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.has("stop_sequence")).isTrue();
        assertThat(body.path("stop_sequence").isNull()).isTrue();
        assertThat(body.path("usage").path("input_tokens").asInt()).isEqualTo(12);
        assertThat(body.path("usage").path("output_tokens").asInt()).isEqualTo(5);
        assertThat(body.path("usage").has("cache_read_input_tokens")).isTrue();
    }

    @Test
    void wholeAnswersAndErrorsAreSentWithTheirLengthNotChunked() throws Exception {
        UPSTREAM.enqueue(completion("Hi there", "stop"));

        HttpResponse<String> ok = post("/v1/messages", request("claude-sonnet-4-5", false));
        HttpResponse<String> bad = post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\"}");

        assertThat(bad.statusCode()).isEqualTo(400);
        for (HttpResponse<String> resp : java.util.List.of(ok, bad)) {
            assertThat(resp.headers().firstValue("transfer-encoding")).isEmpty();
            assertThat(resp.headers().firstValueAsLong("content-length"))
                    .hasValue(resp.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void headersAndBodiesLargerThanTheConnectionsReadBufferArrive() throws Exception {
        UPSTREAM.enqueue(completion("ok", "stop"));
        String big = "x".repeat(6000);
        String body = request("claude-sonnet-4-5", false).replace("\"hello\"", "\"" + "y".repeat(60_000) + "\"");

        HttpResponse<String> resp = post("/v1/messages", body, "x-team-note", big);

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(parse(UPSTREAM.takeRequest().body()).path("messages").get(0).path("content").asText())
                .hasSize(60_000);
        var jetty = ((org.springframework.boot.web.embedded.jetty.JettyWebServer) web.getWebServer()).getServer();
        assertThat(jetty.getConnectors()[0].getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class)
                .getInputBufferSize()).as("read buffer per connection").isEqualTo(2048);
    }

    @ParameterizedTest
    @CsvSource({"claude-3-5-haiku-latest,small-model", "claude-sonnet-4-5,middle-model", "claude-opus-4-1,big-model",
            "gpt-whatever,middle-model", "CLAUDE-HAIKU,small-model", "slow-model,slow-model"})
    void modelNamePicksTierOrExactModel(String requested, String upstreamModel) throws Exception {
        UPSTREAM.enqueue(completion("ok", "stop"));

        HttpResponse<String> resp = post("/v1/messages", request(requested, false));

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(parse(resp.body()).path("model").asText()).isEqualTo(requested);
        assertThat(parse(UPSTREAM.takeRequest().body()).path("model").asText()).isEqualTo(upstreamModel);
    }

    @Test
    void upstreamGetsOnlyProviderCredentialsAndAChatCompletionsBody() throws Exception {
        UPSTREAM.enqueue(completion("ok", "stop"));

        post("/v1/messages?beta=true", """
                {"model":"claude-sonnet-4-5","max_tokens":64000,"messages":[{"role":"user","content":"hi"}],
                 "system":[{"type":"text","text":"be brief","cache_control":{"type":"ephemeral"}}],
                 "thinking":{"type":"enabled","budget_tokens":2000},"context_management":{"edits":[]},
                 "some_field_from_the_future":{"x":1}}
                """, "x-api-key", "sk-client-secret", "authorization", "Bearer sk-client-bearer",
                "anthropic-version", "2023-06-01", "anthropic-beta", "interleaved-thinking-2025-05-14");

        FakeUpstream.Received up = UPSTREAM.takeRequest();
        assertThat(up.method()).isEqualTo("POST");
        assertThat(up.path()).isEqualTo("/v1/chat/completions");
        assertThat(up.headers().getFirst("Authorization")).isEqualTo("Bearer sk-upstream-secret");
        assertThat(up.headers().getFirst("X-Extra")).isEqualTo("yes");
        assertThat(up.headers().containsKey("x-api-key")).isFalse();
        assertThat(up.headers().containsKey("anthropic-beta")).isFalse();
        assertThat(up.headers().containsKey("anthropic-version")).isFalse();
        assertThat(up.body()).doesNotContain("sk-client").doesNotContain("cache_control").doesNotContain("thinking")
                .doesNotContain("context_management").doesNotContain("some_field_from_the_future");
        JsonNode body = parse(up.body());
        assertThat(body.path("max_tokens").asInt()).as("clamped to max_tokens_limit").isEqualTo(4096);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("be brief");
    }

    @Test
    void toolCallsBecomeToolUseBlocksWithParsedInput() throws Exception {
        UPSTREAM.enqueue(json(200, """
                {"id":"chatcmpl-t","choices":[{"index":0,"message":{"role":"assistant","content":"Let me look.",
                  "tool_calls":[
                    {"id":"call_a","type":"function","function":{"name":"Read","arguments":"{\\"file_path\\":\\"/x\\"}"}},
                    {"id":"call_b","type":"function","function":{"name":"Grep","arguments":"{not json"}}]},
                  "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":30,"completion_tokens":9}}
                """));

        JsonNode body = parse(post("/v1/messages", request("claude-sonnet-4-5", false)).body());

        assertThat(body.path("stop_reason").asText()).isEqualTo("tool_use");
        JsonNode content = body.path("content");
        assertThat(content).hasSize(3);
        assertThat(content.get(0).path("text").asText()).isEqualTo("Let me look.");
        assertThat(content.get(1).path("type").asText()).isEqualTo("tool_use");
        assertThat(content.get(1).path("id").asText()).isEqualTo("call_a");
        assertThat(content.get(1).path("name").asText()).isEqualTo("Read");
        assertThat(content.get(1).path("input").path("file_path").asText()).isEqualTo("/x");
        assertThat(content.get(2).path("input").isObject()).as("unparsable arguments never crash").isTrue();
        assertThat(content.get(2).path("input").toString()).contains("{not json");
    }

    @Test
    void reasoningContentBecomesAThinkingBlockFirst() throws Exception {
        UPSTREAM.enqueue(json(200, """
                {"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"42",
                  "reasoning_content":"Let me think."},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":20,"prompt_tokens_details":{"cached_tokens":4}}}
                """));

        JsonNode body = parse(post("/v1/messages", request("claude-opus-4", false)).body());

        assertThat(body.path("content").get(0).path("type").asText()).isEqualTo("thinking");
        assertThat(body.path("content").get(0).path("thinking").asText()).isEqualTo("Let me think.");
        assertThat(body.path("content").get(0).path("signature").asText()).isNotEmpty();
        assertThat(body.path("content").get(1).path("text").asText()).isEqualTo("42");
        assertThat(body.path("usage").path("input_tokens").asInt()).isEqualTo(6);
        assertThat(body.path("usage").path("cache_read_input_tokens").asInt()).isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource({"stop,end_turn", "length,max_tokens", "tool_calls,tool_use", "content_filter,refusal"})
    void everyFinishReasonMaps(String finishReason, String stopReason) throws Exception {
        UPSTREAM.enqueue(completion("x", finishReason));

        JsonNode body = parse(post("/v1/messages", request("claude-sonnet-4-5", false)).body());

        assertThat(body.path("stop_reason").asText()).isEqualTo(stopReason);
    }

    @Test
    void rawHttpWithApiKeyAndVersionHeadersAndFormContentType() throws Exception {
        UPSTREAM.enqueue(completion("ok", "stop"));

        HttpResponse<String> resp = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/v1/messages")))
                .header("x-api-key", "sk-ant-whatever")
                .header("anthropic-version", "2023-06-01")
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(request("claude-sonnet-4-5", false)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(parse(resp.body()).path("content").get(0).path("text").asText()).isEqualTo("ok");
    }
}
