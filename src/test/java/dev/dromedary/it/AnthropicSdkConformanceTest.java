package dev.dromedary.it;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.dromedary.it.FakeUpstream.DONE;
import static dev.dromedary.it.FakeUpstream.finish;
import static dev.dromedary.it.FakeUpstream.list;
import static dev.dromedary.it.FakeUpstream.sse;
import static dev.dromedary.it.FakeUpstream.textChunk;
import static dev.dromedary.it.FakeUpstream.toolArgs;
import static dev.dromedary.it.FakeUpstream.toolStart;
import static dev.dromedary.it.FakeUpstream.usage;
import static org.assertj.core.api.Assertions.assertThat;

/** The official Anthropic Java SDK as the client: it fails on any deviation from the wire contract. */
class AnthropicSdkConformanceTest extends BridgeTestBase {

    private AnthropicClient client;

    @BeforeEach
    void sdk() {
        client = AnthropicOkHttpClient.builder().baseUrl(url("")).authToken("sk-client-token").maxRetries(0).build();
    }

    @AfterEach
    void closeSdk() {
        client.close();
    }

    @Test
    void create() {
        UPSTREAM.enqueue(FakeUpstream.completion("Hello from the bridge", "stop"));

        Message message = client.messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(64).system("be brief").addUserMessage("say hi").build());

        assertThat(message.model().asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().getFirst().text().orElseThrow().text()).isEqualTo("Hello from the bridge");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isEqualTo(5);
    }

    @Test
    void streamingWithAccumulatorIncludingToolUse() {
        UPSTREAM.enqueue(sse(list(textChunk("Let me read it."), toolStart(0, "call_9", "Read"),
                toolArgs(0, "{\"file_path\""), toolArgs(0, ":\"docs/x.md\"}"), finish("tool_calls"), usage(40, 12, 0),
                DONE)));

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(256)
                        .addTool(readTool()).addUserMessage("read /tmp/x").build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertThat(message.content()).hasSize(2);
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Let me read it.");
        ToolUseBlock tool = message.content().get(1).toolUse().orElseThrow();
        assertThat(tool.id()).isEqualTo("call_9");
        assertThat(tool.name()).isEqualTo("Read");
        assertThat(tool._input().convert(Map.class)).containsEntry("file_path", "docs/x.md");
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(message.usage().outputTokens()).isEqualTo(12);
        assertThat(message.content()).noneMatch(ContentBlock::isThinking);
    }

    @Test
    void countTokens() {
        long tokens = client.messages().countTokens(MessageCountTokensParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("How many tokens is this?").build()).inputTokens();

        assertThat(tokens).isBetween(5L, 40L);
    }

    private static Tool readTool() {
        return Tool.builder().name("Read").description("Read a file")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("file_path", Map.of("type", "string"))))
                        .build())
                .build();
    }
}
