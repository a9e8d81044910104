package dev.dromedary.convert;

import dev.dromedary.Golden;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The grammar check rejects the stream shapes that break the SDKs (so a passing check means something). */
class AnthropicStreamGrammarTest {

    static final String START = frame("message_start", """
            {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m",\
            "content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":0}}}""");
    static final String END = frame("message_delta", """
            {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":1}}""")
            + frame("message_stop", "{\"type\":\"message_stop\"}");

    static String frame(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }

    static String text(int index) {
        return frame("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + frame("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}");
    }

    static String stop(int index) {
        return frame("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    static void check(String sse, boolean failing) {
        AnthropicStreamGrammar.check("t", Golden.parseFrames(sse), failing);
    }

    @Test
    void wellFormedStreamPasses() {
        assertThatCode(() -> check(START + text(0) + stop(0) + text(1) + stop(1) + END, false))
                .doesNotThrowAnyException();
    }

    @Test
    void blocksStartingAtOneAreRejected() {
        assertThatThrownBy(() -> check(START + text(1) + stop(1) + END, false)).hasMessageContaining("in order");
    }

    @Test
    void twoOpenBlocksAreRejected() {
        assertThatThrownBy(() -> check(START + text(0) + text(1) + stop(1) + stop(0) + END, false))
                .hasMessageContaining("still open");
    }

    @Test
    void thinkingWithoutSignatureIsRejected() {
        String thinking = frame("content_block_start", """
                {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}""")
                + frame("content_block_delta", """
                {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hm"}}""");
        assertThatThrownBy(() -> check(START + thinking + stop(0) + END, false)).hasMessageContaining("signature");
    }

    @Test
    void gluedToolInputsAreRejected() {
        String tool = frame("content_block_start", """
                {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"n","input":{}}}""")
                + frame("content_block_delta", """
                {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{}{}"}}""");
        assertThatThrownBy(() -> check(START + tool + stop(0) + END, false)).hasMessageContaining("does not parse");
    }

    @Test
    void mismatchedEventNameAndMissingStopAreRejected() {
        assertThatThrownBy(() -> check(START.replace("event: message_start", "event: message"), false))
                .hasMessageContaining("data.type equals the event name");
        assertThatThrownBy(() -> check(START + text(0) + stop(0), false)).hasMessageContaining("message_stop is last");
        assertThatThrownBy(() -> check(START + text(0) + stop(0) + END, true))
                .hasMessageContaining("ends with error");
    }
}
