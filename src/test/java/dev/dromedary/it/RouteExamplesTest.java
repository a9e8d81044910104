package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples shipped in routes/examples/, each loaded through the admin API as the pre-dispatch route. */
class RouteExamplesTest extends RouteFilesTestBase {

    private void deploy(String example) throws Exception {
        String yaml = Files.readString(Path.of("routes/examples", example));
        HttpResponse<String> r = putRoutes(PRE_DISPATCH, yaml);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private FakeUpstream.Received send(String body, String... headers) throws Exception {
        UPSTREAM.enqueue(FakeUpstream.completion("ok", "stop"));
        HttpResponse<String> r = post("/v1/messages", body, headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return UPSTREAM.takeRequest();
    }

    private static String upstreamModel(FakeUpstream.Received call) throws Exception {
        return parse(call.body()).path("model").asText();
    }

    @Test
    void rewriteModelSendsHaikuRequestsToAnotherModelAndPassesTheTeamOn() throws Exception {
        // without the example: claude-haiku is the small tier
        assertThat(upstreamModel(send(request("claude-haiku-4-5", false)))).isEqualTo("small-model");

        deploy("rewrite-model.camel.yaml");

        // deepseek-chat is no model of the test's providers: the default tier (middle) serves it
        FakeUpstream.Received haiku = send(request("claude-haiku-4-5", false), "X-Team", "search");
        assertThat(upstreamModel(haiku)).isEqualTo("middle-model");
        assertThat(haiku.headers().getFirst("X-Team")).isEqualTo("search");
        // other models are left alone, and no header goes when the client sent none
        FakeUpstream.Received opus = send(request("claude-opus-4-1", false));
        assertThat(upstreamModel(opus)).isEqualTo("big-model");
        assertThat(opus.headers().containsKey("X-Team")).isFalse();
        // the provider's own headers and key are still there
        assertThat(opus.headers().getFirst("Authorization")).isEqualTo("Bearer sk-upstream-secret");
        assertThat(opus.headers().getFirst("X-Extra")).isEqualTo("yes");
    }

    @Test
    void blockToolRefusesRequestsOfferingBashWithAnAnthropicError() throws Exception {
        deploy("block-tool.camel.yaml");

        HttpResponse<String> refused = post("/v1/messages", withTools("Read", "Bash"));

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = parse(refused.body());
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("error").path("message").asText())
                .isEqualTo("the Bash tool is not allowed through this gateway: remove it from the request");
        assertThat(error.path("request_id").asText()).startsWith("req_");
        assertThat(UPSTREAM.requestCount()).isZero();
        // a request without it goes through
        assertThat(parse(send(withTools("Read")).body()).path("tools")).hasSize(1);
    }

    private static String withTools(String... names) {
        StringBuilder tools = new StringBuilder();
        for (String name : names) {
            tools.append(tools.isEmpty() ? "" : ",").append("""
                    {"name":"%s","description":"a tool","input_schema":{"type":"object","properties":{}}}"""
                    .formatted(name));
        }
        return """
                {"model":"claude-sonnet-4-5","max_tokens":256,"tools":[%s],
                 "messages":[{"role":"user","content":"hello"}]}
                """.formatted(tools);
    }
}
