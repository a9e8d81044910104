package dev.dromedary.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The only change Anthropic-format traffic gets: everything else passes byte for byte in meaning and order. */
class ModelRewriteTest {

    private final ModelRewrite rewrite = new ModelRewrite(Json.MAPPER);

    private String top(String json, String model) throws Exception {
        return new String(rewrite.topLevel(json.getBytes(StandardCharsets.UTF_8), model), StandardCharsets.UTF_8);
    }

    @Test
    void replacesOnlyTheTopLevelModelAndKeepsFieldOrderAndUnknownFields() throws Exception {
        String in = """
                {"max_tokens":64,"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi",
                 "model":"not this one"}],"temperature":0.7,"metadata":{"user_id":"u1"},"x_future":[1,2.5,null,true]}""";

        String out = top(in, "glm-4.6");

        assertThat(out).isEqualTo("{\"max_tokens\":64,\"model\":\"glm-4.6\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\",\"model\":\"not this one\"}],\"temperature\":0.7,\"metadata\":{\"user_id\":\"u1\"},"
                + "\"x_future\":[1,2.5,null,true]}");
    }

    @Test
    void keepsUnicodeAndEscapesMeaningful() throws Exception {
        JsonNode out = Json.MAPPER.readTree(top("{\"model\":\"m\",\"text\":\"héllo \\\"q\\\" \\u2028 😀\"}", "x"));

        assertThat(out.path("text").asText()).isEqualTo("héllo \"q\" \u2028 😀");
    }

    @Test
    void addsTheModelWhenMissingAndRejectsNonObjects() throws Exception {
        assertThat(top("{\"a\":1}", "m")).isEqualTo("{\"a\":1,\"model\":\"m\"}");
        assertThatThrownBy(() -> top("[1]", "m")).isInstanceOf(UpstreamFormatException.class);
    }

    @Test
    void messageStartNamesTheClientsModel() throws Exception {
        String data = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"deepseek-chat\","
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}";

        JsonNode out = Json.MAPPER.readTree(rewrite.messageStart(data, "claude-opus-4-1"));

        assertThat(out.path("message").path("model").asText()).isEqualTo("claude-opus-4-1");
        assertThat(out.path("message").path("id").asText()).isEqualTo("msg_1");
        assertThat(out.path("message").path("usage").path("input_tokens").asInt()).isEqualTo(3);
    }
}
