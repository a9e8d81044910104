package dev.dromedary.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.Golden;
import dev.dromedary.api.Json;
import dev.dromedary.api.openai.ChatResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** golden/response/&lt;case&gt;.openai.json → &lt;case&gt;.anthropic.json, plus what must hold for every case. */
class ResponseConverterGoldenTest {

    static final String REQUESTED_MODEL = "claude-sonnet-4-5";
    static final List<String> STOP_SEQUENCES = List.of("</answer>", "\n\nHuman:");
    static final String GENERATED_TOOL_ID = "toolu_[0-9A-Za-z]{24}";

    final ResponseConverter converter = new ResponseConverter(Json.MAPPER);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text", "reasoning-content", "reasoning-field", "tool-call", "two-tool-calls",
            "arguments-unparsable", "arguments-glued-objects", "arguments-double-encoded", "arguments-empty", "tool-call-without-id-finish-stop",
            "finish-length", "finish-content-filter", "finish-null", "finish-stop-sequence-vllm",
            "finish-stop-eos-vllm", "usage-cached-openai", "usage-cached-deepseek", "refusal"})
    void convertsToTheGoldenMessage(String name) throws IOException {
        ChatResponse upstream = Json.MAPPER.readValue(Golden.read("response/" + name + ".openai.json"),
                ChatResponse.class);

        JsonNode actual = Json.MAPPER.valueToTree(converter.convert(upstream, REQUESTED_MODEL, STOP_SEQUENCES));

        assertMessageShape(actual);
        Golden.assertJson("response/" + name + ".anthropic.json",
                Golden.replaceIds(actual, GENERATED_TOOL_ID, "toolu_GENERATED"));
    }

    /** What holds for every converted message, whatever the golden file says. */
    static void assertMessageShape(JsonNode message) {
        assertThat(message.path("id").asText()).startsWith("msg_").doesNotContainIgnoringCase("chatcmpl");
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.path("model").asText()).isEqualTo(REQUESTED_MODEL);
        assertThat(message.has("stop_reason")).isTrue();
        assertThat(message.has("stop_sequence")).isTrue();
        JsonNode usage = message.path("usage");
        for (String key : List.of("input_tokens", "output_tokens", "cache_creation_input_tokens",
                "cache_read_input_tokens")) {
            assertThat(usage.path(key).isInt()).as("usage.%s", key).isTrue();
        }
        JsonNode content = message.path("content");
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            switch (block.path("type").asText()) {
                case "thinking" -> {
                    assertThat(i).as("a thinking block comes first").isZero();
                    assertThat(block.path("signature").asText()).isNotEmpty();
                }
                case "tool_use" -> {
                    assertThat(block.path("id").asText()).isNotEmpty();
                    assertThat(block.path("input").isObject()).as("tool_use input is an object").isTrue();
                }
                case "text" -> assertThat(block.path("text").asText()).isNotEmpty();
                default -> throw new AssertionError("unexpected block " + block);
            }
        }
    }

    @Test
    void upstreamIdWithoutUsableLettersGetsARandomMessageId() throws IOException {
        ChatResponse upstream = Json.MAPPER.readValue("""
                {"choices":[{"message":{"content":"x"},"finish_reason":"stop"}]}""", ChatResponse.class);
        ChatResponse shortId = Json.MAPPER.readValue("""
                {"id":"chatcmpl-1","choices":[{"message":{"content":"x"},"finish_reason":"stop"}]}""",
                ChatResponse.class);

        assertThat(converter.convert(upstream, REQUESTED_MODEL, List.of()).id()).matches("msg_[0-9A-Za-z]{24}");
        assertThat(converter.convert(shortId, REQUESTED_MODEL, List.of()).id()).matches("msg_[0-9A-Za-z]{24}");
    }

    @Test
    void responseWithoutChoicesIsAnUpstreamFormatError() throws IOException {
        ChatResponse empty = Json.MAPPER.readValue("""
                {"id":"chatcmpl-x","object":"chat.completion","choices":[],"usage":{"prompt_tokens":1}}""",
                ChatResponse.class);
        ChatResponse none = Json.MAPPER.readValue("""
                {"error":{"message":"Upstream overloaded","code":502}}""", ChatResponse.class);

        assertThatThrownBy(() -> converter.convert(empty, REQUESTED_MODEL, List.of()))
                .isInstanceOf(UpstreamFormatException.class).hasMessageContaining("no choices");
        assertThatThrownBy(() -> converter.convert(none, REQUESTED_MODEL, List.of()))
                .isInstanceOf(UpstreamFormatException.class);
    }
}
