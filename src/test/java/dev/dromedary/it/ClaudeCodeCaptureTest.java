package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays real Claude Code and SDK requests (method, path with query, headers, body) through the bridge and
 * checks both sides: a valid Anthropic answer to the client, a strictly OpenAI-shaped request to the provider.
 */
class ClaudeCodeCaptureTest extends BridgeTestBase {

    private static final Set<String> SKIPPED_HEADERS = Set.of("host", "content-length", "connection",
            "accept-encoding");
    private static final Set<String> ANTHROPIC_ONLY = Set.of("cache_control", "thinking", "signature",
            "defer_loading", "context_management", "output_config", "input_schema", "tool_use_id", "budget_tokens",
            "stop_sequences", "metadata", "top_k", "anthropic_beta");

    @ParameterizedTest
    @ValueSource(strings = {"cc-p-minimal-profile", "cc-p-default-apikey", "cc-p-tool-turn2-tool_result",
            "cc-nonstream-fallback", "sdk-java-3.12.0-stream", "sdk-ts-1.12.0-create"})
    void messagesCaptureIsAnsweredAndConvertedStrictly(String name) throws Exception {
        JsonNode capture = capture(name);
        boolean streaming = capture.path("body").path("stream").asBoolean(false);
        UPSTREAM.enqueue(streaming
                ? FakeUpstream.sse(FakeUpstream.list(FakeUpstream.textChunk("Done."), FakeUpstream.finish("stop"),
                FakeUpstream.usage(100, 2, 0), FakeUpstream.DONE))
                : FakeUpstream.completion("Done.", "stop"));

        HttpResponse<String> resp = replay(capture);

        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        if (streaming) {
            assertThat(resp.body()).startsWith("event: message_start\n").contains("event: message_stop\n");
        } else {
            assertThat(parse(resp.body()).path("content").get(0).path("text").asText()).isEqualTo("Done.");
        }
        JsonNode sent = Json.MAPPER.readTree(UPSTREAM.takeRequest().body());
        assertThat(keysOf(sent, new java.util.HashSet<>())).doesNotContainAnyElementsOf(ANTHROPIC_ONLY);
        for (JsonNode m : sent.path("messages")) {
            assertThat(m.path("role").asText()).isIn("system", "user", "assistant", "tool");
        }
        assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("system");
        long systems = sent.path("messages").findValues("role").stream().filter(r -> r.asText().equals("system")).count();
        assertThat(systems).as("role:system messages are merged into the leading one").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cc-interactive-count_tokens-text", "cc-interactive-count_tokens-tools"})
    void countTokensCaptureIsCounted(String name) throws Exception {
        HttpResponse<String> resp = replay(capture(name));

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(parse(resp.body()).path("input_tokens").asInt()).isGreaterThan(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cc-head-api-hello", "cc-gateway-model-discovery"})
    void probesAreAnswered(String name) throws Exception {
        assertThat(replay(capture(name)).statusCode()).isEqualTo(200);
    }

    /** Every object key in the document, except inside tool parameter schemas (which are the user's own). */
    private static Set<String> keysOf(JsonNode node, Set<String> keys) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                keys.add(e.getKey());
                if (!e.getKey().equals("parameters")) {
                    keysOf(e.getValue(), keys);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> keysOf(n, keys));
        }
        return keys;
    }

    private HttpResponse<String> replay(JsonNode capture) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(capture.path("path").asText())));
        capture.path("headers").properties().forEach(h -> {
            if (!SKIPPED_HEADERS.contains(h.getKey().toLowerCase())) {
                b.header(h.getKey(), h.getValue().asText());
            }
        });
        JsonNode body = capture.path("body");
        b.method(capture.path("method").asText(), body.isNull() || body.isMissingNode()
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString()));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode capture(String name) throws Exception {
        try (InputStream in = ClaudeCodeCaptureTest.class.getResourceAsStream("/fixtures/claude-code/" + name + ".json")) {
            return Json.MAPPER.readTree(in);
        }
    }
}
