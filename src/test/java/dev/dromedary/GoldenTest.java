package dev.dromedary;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The golden comparison is semantic, and it does fail on a difference. */
class GoldenTest {

    static final String JSON = "response/text.anthropic.json";
    static final String SSE = "stream/text.anthropic.sse";

    @Test
    void jsonIsComparedAsATree() {
        ObjectNode same = (ObjectNode) Golden.readJson(JSON);
        assertThatCode(() -> Golden.compareJson(JSON, same)).doesNotThrowAnyException();

        ObjectNode changed = same.deepCopy().put("stop_reason", "max_tokens");
        assertThatThrownBy(() -> Golden.compareJson(JSON, changed)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(JSON);
    }

    @Test
    void sseIsComparedFrameByFrameIgnoringJsonFormatting() {
        String expected = Golden.read(SSE);
        String reformatted = expected.replace("{\"type\":\"ping\"}", "{ \"type\" : \"ping\" }");
        assertThatCode(() -> Golden.compareSse(SSE, reformatted)).doesNotThrowAnyException();

        assertThatThrownBy(() -> Golden.compareSse(SSE, expected.replace("Hello", "Hullo")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("frame");
        String withoutLastFrame = expected.substring(0, expected.lastIndexOf("event: message_stop"));
        assertThatThrownBy(() -> Golden.compareSse(SSE, withoutLastFrame)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> Golden.compareSse(SSE, expected.replace("\n\n", "\n")))
                .isInstanceOf(AssertionError.class);
    }
}
