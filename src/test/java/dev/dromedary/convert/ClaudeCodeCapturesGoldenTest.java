package dev.dromedary.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.Golden;
import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.MessagesRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real client captures (fixtures/claude-code/&lt;name&gt;.json, field {@code body}) converted with default options
 * must equal golden/request/claude-code/&lt;name&gt;.openai.json and keep the OpenAI request invariants.
 */
class ClaudeCodeCapturesGoldenTest {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures/claude-code");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cc-p-minimal-profile", "cc-p-default-apikey", "cc-p-tool-turn2-tool_result",
            "cc-nonstream-fallback", "sdk-java-3.12.0-stream", "sdk-ts-1.12.0-create"})
    void captureConvertsToTheGoldenRequest(String name) throws IOException {
        JsonNode capture = Json.MAPPER.readTree(Files.readString(FIXTURES.resolve(name + ".json")));
        assertThat(capture.path("path").asText()).startsWith("/v1/messages");
        MessagesRequest request = Json.MAPPER.treeToValue(capture.get("body"), MessagesRequest.class);

        Conversion conversion = RequestConverterGoldenTest.CONVERTER.convert(request,
                RequestConverterGoldenTest.UPSTREAM_MODEL, ConversionOptions.defaults("test-provider"));

        JsonNode actual = Json.MAPPER.valueToTree(conversion.request());
        Golden.assertJson("request/claude-code/" + name + ".openai.json", actual);
        OpenAiRequestInvariants.check(name, actual);
        assertThat(actual.path("stream").asBoolean(false)).isEqualTo(request.streaming());
        assertThat(actual.path("messages").get(0).path("role").asText()).as("leading system message")
                .isEqualTo("system");
    }
}
