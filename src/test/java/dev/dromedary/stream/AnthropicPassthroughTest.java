package dev.dromedary.stream;

import dev.dromedary.error.BridgeException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An Anthropic-format provider's stream, relayed on a byte array. */
class AnthropicPassthroughTest {

    private final AnthropicPassthrough passthrough = new AnthropicPassthrough("up", "claude-haiku-4-5");

    private record Relayed(boolean clean, String frames) {
    }

    private Relayed relay(String sse) {
        StringBuilder out = new StringBuilder();
        boolean clean = passthrough.relay(new SseReader(new ByteArrayInputStream(sse.getBytes(StandardCharsets.UTF_8))),
                f -> out.append(new String(f, StandardCharsets.UTF_8)), RelayState.NONE);
        return new Relayed(clean, out.toString());
    }

    private static final String START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
            + "{\"id\":\"msg_1\",\"model\":\"kimi-k2\",\"content\":[],\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n";
    private static final String DELTA = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n";
    private static final String STOP = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    @Test
    void passesEveryEventThroughAndRenamesTheModel() {
        Relayed r = relay(START + DELTA + STOP);

        assertThat(r.clean()).isTrue();
        assertThat(r.frames()).isEqualTo(START.replace("kimi-k2", "claude-haiku-4-5") + DELTA + STOP);
    }

    @Test
    void dataOnlyEventsGetTheirNameFromTheirType() {
        Relayed r = relay("data: {\"type\":\"message_stop\"}\n\n");

        assertThat(r.frames()).isEqualTo(STOP);
    }

    @Test
    void aStreamCutBeforeMessageStopEndsWithAnErrorEvent() {
        Relayed r = relay(START + DELTA);

        assertThat(r.clean()).isFalse();
        assertThat(r.frames()).endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                + "\"message\":\"the stream from provider up ended before it finished\"}}\n\n");
    }

    @Test
    void theProvidersOwnErrorEventEndsTheStream() {
        String error = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}\n\n";

        Relayed r = relay(START + error + DELTA);

        assertThat(r.clean()).isFalse();
        assertThat(r.frames()).endsWith(error).doesNotContain("text_delta");
    }

    @Test
    void anErrorAsTheFirstEventIsThrownWithItsStatus() {
        SseReader.Event first = new SseReader.Event("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}");

        assertThatThrownBy(() -> passthrough.checkFirst(first)).isInstanceOfSatisfying(BridgeException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.getMessage()).contains("slow down");
                });
    }
}
