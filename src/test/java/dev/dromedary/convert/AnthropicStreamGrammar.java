package dev.dromedary.convert;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.dromedary.Golden.Frame;
import dev.dromedary.api.Json;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Anthropic streaming grammar of docs/anthropic-contract.md, as the TS and Java SDKs enforce it. Checked over
 * every stream the translator produces (and every expected golden stream), whatever its content.
 */
final class AnthropicStreamGrammar {

    /** Two objects glued together ({"a":1}{"b":2}) are not one tool input. */
    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private AnthropicStreamGrammar() {
    }

    /**
     * @param failing the stream must end with {@code event: error} (and then carries no {@code message_stop});
     *                otherwise it must end with {@code message_delta} then {@code message_stop}
     */
    static void check(String name, List<Frame> frames, boolean failing) {
        assertThat(frames).as("%s: frames", name).isNotEmpty();
        for (Frame f : frames) {
            assertThat(f.type()).as("%s: data.type equals the event name in %s", name, f).isEqualTo(f.event());
        }

        Frame first = frames.getFirst();
        assertThat(first.event()).as("%s: first event", name).isEqualTo("message_start");
        JsonNode message = first.data().path("message");
        assertThat(message.path("content").isArray() && message.path("content").isEmpty())
                .as("%s: message_start has empty content", name).isTrue();
        assertThat(message.path("usage").path("input_tokens").isInt()).as("%s: message_start usage.input_tokens", name)
                .isTrue();
        assertThat(message.path("usage").path("output_tokens").isInt())
                .as("%s: message_start usage.output_tokens", name).isTrue();

        int nextIndex = 0;
        Integer open = null;
        String openType = null;
        StringBuilder toolJson = null;
        boolean signed = false;
        boolean sawMessageDelta = false;
        for (int i = 1; i < frames.size(); i++) {
            Frame f = frames.get(i);
            String where = name + ": frame " + i + " " + f;
            if (sawMessageDelta && !f.event().equals("message_stop") && !f.event().equals("ping")) {
                fail("%s: only message_stop may follow message_delta", where);
            }
            switch (f.event()) {
                case "ping", "error" -> {
                }
                case "content_block_start" -> {
                    assertThat(open).as("%s: a block starts while block %s is still open", where, open).isNull();
                    assertThat(f.index()).as("%s: block indexes are 0,1,2... in order", where).isEqualTo(nextIndex);
                    JsonNode block = f.data().path("content_block");
                    openType = block.path("type").asText();
                    switch (openType) {
                        case "text" -> assertThat(block.path("text").asText("x")).as(where).isEmpty();
                        case "thinking" -> {
                            assertThat(block.path("thinking").asText("x")).as(where).isEmpty();
                            assertThat(block.has("signature")).as(where).isTrue();
                        }
                        case "tool_use" -> {
                            assertThat(block.path("id").asText()).as(where).isNotBlank();
                            assertThat(block.path("name").asText()).as(where).isNotEmpty();
                            assertThat(block.path("input").isObject() && block.path("input").isEmpty()).as(where)
                                    .isTrue();
                        }
                        default -> fail("%s: unknown block type", where);
                    }
                    open = nextIndex++;
                    toolJson = new StringBuilder();
                    signed = false;
                }
                case "content_block_delta" -> {
                    assertThat(open).as("%s: delta outside a block", where).isNotNull();
                    assertThat(f.index()).as("%s: delta for the open block", where).isEqualTo(open);
                    JsonNode delta = f.data().path("delta");
                    String type = delta.path("type").asText();
                    assertThat(signed).as("%s: nothing follows a thinking block's signature_delta but its stop", where)
                            .isFalse();
                    switch (openType) {
                        case "text" -> {
                            assertThat(type).as(where).isEqualTo("text_delta");
                            assertThat(delta.path("text").isTextual()).as(where).isTrue();
                        }
                        case "thinking" -> {
                            assertThat(type).as(where).isIn("thinking_delta", "signature_delta");
                            if (type.equals("signature_delta")) {
                                assertThat(delta.path("signature").asText()).as(where).isNotEmpty();
                                signed = true;
                            }
                        }
                        case "tool_use" -> {
                            assertThat(type).as(where).isEqualTo("input_json_delta");
                            toolJson.append(delta.path("partial_json").asText());
                        }
                        default -> fail(where);
                    }
                }
                case "content_block_stop" -> {
                    assertThat(open).as("%s: stop without an open block", where).isNotNull();
                    assertThat(f.index()).as("%s: stop of the open block", where).isEqualTo(open);
                    if (openType.equals("thinking")) {
                        assertThat(signed).as("%s: a thinking block gets one signature_delta right before its stop",
                                where).isTrue();
                    }
                    if (openType.equals("tool_use")) {
                        assertPartialJsonIsAnObject(where, toolJson.toString());
                    }
                    open = null;
                }
                case "message_delta" -> {
                    assertThat(open).as("%s: message_delta while block %s is open", where, open).isNull();
                    assertThat(f.data().path("delta").has("stop_reason")).as(where).isTrue();
                    assertThat(f.data().path("delta").path("stop_reason").isTextual()).as(where).isTrue();
                    assertThat(f.data().path("delta").has("stop_sequence")).as(where).isTrue();
                    assertThat(f.data().path("usage").path("output_tokens").isInt())
                            .as("%s: message_delta usage.output_tokens", where).isTrue();
                    sawMessageDelta = true;
                }
                case "message_stop" -> assertThat(sawMessageDelta).as("%s: message_stop after message_delta", where)
                        .isTrue();
                default -> fail("%s: unknown event", where);
            }
        }

        Frame last = frames.getLast();
        if (failing) {
            assertThat(last.event()).as("%s: a failed stream ends with error", name).isEqualTo("error");
            assertThat(last.data().path("error").path("type").asText()).as(name)
                    .isIn("api_error", "overloaded_error");
            assertThat(last.data().path("error").path("message").asText()).as(name).isNotEmpty();
            assertThat(frames).as("%s: a failed stream has no message_stop", name)
                    .noneMatch(f -> f.event().equals("message_stop"));
        } else {
            assertThat(last.event()).as("%s: message_stop is last", name).isEqualTo("message_stop");
            assertThat(frames).as("%s: one message_stop", name)
                    .filteredOn(f -> f.event().equals("message_stop")).hasSize(1);
            assertThat(frames).as("%s: no error", name).noneMatch(f -> f.event().equals("error"));
        }
        assertThat(frames).as("%s: one message_start", name)
                .filteredOn(f -> f.event().equals("message_start")).hasSize(1);
    }

    private static void assertPartialJsonIsAnObject(String where, String json) {
        try {
            assertThat(STRICT.readTree(json).isObject()).as("%s: tool input %s is an object", where, json)
                    .isTrue();
        } catch (Exception e) {
            fail("%s: concatenated partial_json does not parse: %s", where, json);
        }
    }
}
