package dev.dromedary.stream;

import dev.dromedary.api.anthropic.StreamEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The frame shape the Anthropic SDKs accept: {@code event: X\ndata: <one-line JSON>\n\n}. */
class SseFramesTest {

    @Test
    void pingFrameIsExact() {
        assertThat(new String(SseFrames.PING, StandardCharsets.UTF_8))
                .isEqualTo("event: ping\ndata: {\"type\":\"ping\"}\n\n");
    }

    @Test
    void dataStaysOnOneLineWhateverTheTextHolds() {
        String frame = new String(SseFrames.frame(new StreamEvent.ContentBlockDelta(3,
                new StreamEvent.TextDelta("line 1\nline 2\r\n\ndata: fake"))), StandardCharsets.UTF_8);

        assertThat(frame).isEqualTo("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":3,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"line 1\\nline 2\\r\\n\\ndata: fake\"}}\n\n");
    }

    @Test
    void messageDeltaKeepsNullStopSequence() {
        String frame = new String(SseFrames.frame(new StreamEvent.MessageDelta(
                new StreamEvent.StopDelta("end_turn", null), dev.dromedary.api.anthropic.Usage.of(5, 7, 0))),
                StandardCharsets.UTF_8);

        assertThat(frame).startsWith("event: message_delta\ndata: ")
                .contains("\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null}")
                .contains("\"output_tokens\":7");
    }
}
