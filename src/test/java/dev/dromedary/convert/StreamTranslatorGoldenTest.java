package dev.dromedary.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.Golden;
import dev.dromedary.Golden.Frame;
import dev.dromedary.api.openai.ChatResponse;
import dev.dromedary.stream.SseFrames;
import dev.dromedary.stream.UpstreamStream;
import dev.dromedary.stream.SseReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * golden/stream/&lt;case&gt;.chunks.sse (the provider's raw SSE) through SseReader, ChatResponse and StreamTranslator,
 * rendered by SseFrames, must equal &lt;case&gt;.anthropic.sse frame by frame, and every stream (actual and expected)
 * must follow the Anthropic stream grammar.
 */
class StreamTranslatorGoldenTest {

    static final String MESSAGE_ID = "msg_0123456789abcdefghijklmn";
    static final String MODEL = "claude-sonnet-4-5";
    static final int INPUT_ESTIMATE = 42;
    static final List<String> STOP_SEQUENCES = List.of("</answer>");
    static final TokenCounter TOKENS = new TokenCounter();

    /** What one run produced: the Anthropic SSE text and the translator at its end. */
    record Run(String sse, StreamTranslator translator) {
        List<Frame> frames() {
            return Golden.parseFrames(sse);
        }
    }

    /** The relay's own translation loop, on a byte array instead of a provider connection. */
    static Run translate(String upstreamSse) {
        StringBuilder sse = new StringBuilder();
        StreamTranslator t = new StreamTranslator(
                e -> sse.append(new String(SseFrames.frame(e), StandardCharsets.UTF_8)),
                MESSAGE_ID, MODEL, INPUT_ESTIMATE, STOP_SEQUENCES, TOKENS::count);
        UpstreamStream.translate(new ByteArrayInputStream(upstreamSse.getBytes(StandardCharsets.UTF_8)), t, "test");
        return new Run(sse.toString(), t);
    }

    static Run translateCase(String name) throws IOException {
        return translate(Golden.read("stream/" + name + ".chunks.sse"));
    }

    /** Generated tool ids are random: the golden files say toolu_GENERATED where one must have been generated. */
    static String normalise(String sse) {
        return sse.replaceAll("\"toolu_[0-9A-Za-z]{24}\"", "\"toolu_GENERATED\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text", "text-then-tool", "parallel-tool-calls", "reasoning-then-content",
            "reasoning-field-openrouter", "reasoning-then-tool", "tool-name-late", "tool-without-id", "tool-without-index",
            "tool-without-index-or-id", "tool-same-index-new-id", "usage-after-finish", "no-usage", "finish-stop", "finish-length",
            "finish-content-filter", "finish-tool-calls", "finish-stop-sequence", "finish-done-without-reason",
            "text-after-tool"})
    void finishingStreamMatchesGoldenAndGrammar(String name) throws IOException {
        Run run = translateCase(name);

        assertThat(run.translator().upstreamFinished()).isTrue();
        AnthropicStreamGrammar.check(name, run.frames(), false);
        Golden.assertSse("stream/" + name + ".anthropic.sse", normalise(run.sse()));
        AnthropicStreamGrammar.check(name + " (golden)", Golden.parseFrames(Golden.read("stream/" + name
                + ".anthropic.sse")), false);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"error-mid-stream", "cut-without-finish"})
    void failingStreamEndsWithErrorAndMatchesGolden(String name) throws IOException {
        Run run = translateCase(name);

        AnthropicStreamGrammar.check(name, run.frames(), true);
        Golden.assertSse("stream/" + name + ".anthropic.sse", normalise(run.sse()));
        AnthropicStreamGrammar.check(name + " (golden)", Golden.parseFrames(Golden.read("stream/" + name
                + ".anthropic.sse")), true);
    }

    @Test
    void streamCutWithoutFinishReasonOrDoneIsNotFinished() throws IOException {
        Run run = translateCase("cut-without-finish");

        assertThat(run.translator().upstreamFinished()).isFalse();
        assertThat(run.translator().finalUsage()).as("no message_delta was made up").isNull();
        assertThat(run.frames().getLast().event()).isEqualTo("error");
    }

    @Test
    void usageChunkAfterFinishReasonIsTheUsageReported() throws IOException {
        Run run = translateCase("usage-after-finish");

        JsonNode usage = messageDelta(run).path("usage");
        assertThat(usage.path("output_tokens").asInt()).isEqualTo(3);
        assertThat(usage.path("input_tokens").asInt()).isEqualTo(2006 - 1920);
        assertThat(usage.path("cache_read_input_tokens").asInt()).isEqualTo(1920);
    }

    @Test
    void withoutUsageOutputTokensAreEstimatedFromTheText() throws IOException {
        Run run = translateCase("no-usage");

        int output = messageDelta(run).path("usage").path("output_tokens").asInt();
        assertThat(output).isGreaterThan(0)
                .isEqualTo(TOKENS.count("A reply from a provider that never reports usage."));
        assertThat(messageDelta(run).path("usage").path("input_tokens").asInt()).isEqualTo(INPUT_ESTIMATE);
    }

    @Test
    void toolCallWithoutIdGetsAGeneratedToolUseId() throws IOException {
        Run run = translateCase("tool-without-id");

        Frame start = run.frames().stream().filter(f -> f.event().equals("content_block_start")).findFirst()
                .orElseThrow();
        assertThat(start.data().path("content_block").path("id").asText()).matches("toolu_[0-9A-Za-z]{24}");
    }

    @Test
    void textBlockIsClosedBeforeTheToolBlockOpens() throws IOException {
        List<String> shape = run("text-then-tool");

        assertThat(shape).containsSubsequence("content_block_start 0 text", "content_block_stop 0",
                "content_block_start 1 tool_use", "content_block_stop 1", "message_delta tool_use");
    }

    /** The frames as "event index type" lines, for order assertions. */
    static List<String> run(String name) throws IOException {
        return translateCase(name).frames().stream().map(f -> switch (f.event()) {
            case "content_block_start" -> f.event() + " " + f.index() + " "
                    + f.data().path("content_block").path("type").asText();
            case "content_block_stop" -> f.event() + " " + f.index();
            case "message_delta" -> f.event() + " " + f.data().path("delta").path("stop_reason").asText();
            default -> f.event();
        }).toList();
    }

    private static JsonNode messageDelta(Run run) {
        return run.frames().stream().filter(f -> f.event().equals("message_delta")).findFirst().orElseThrow().data();
    }
}
