package dev.dromedary.convert;

import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.MessagesRequest;
import dev.dromedary.api.openai.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Conversions that exist for Claude Code's and DeepSeek's particular habits. */
class RequestConverterClaudeCodeTest {

    private final RequestConverter converter = new RequestConverter(Json.MAPPER);

    private static MessagesRequest request(String json) throws Exception {
        return Json.MAPPER.readValue(json, MessagesRequest.class);
    }

    @Test
    void billingHeaderLineIsDroppedSoThePromptPrefixStaysStable() throws Exception {
        String template = """
                {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],
                 "system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=2.1.330.%s; cc_entrypoint=cli;"},
                           {"type":"text","text":"You are Claude Code."}]}""";

        Conversion a = converter.convert(request(template.formatted("440")), "up", ConversionOptions.defaults("p"));
        Conversion b = converter.convert(request(template.formatted("ed0")), "up", ConversionOptions.defaults("p"));

        assertThat(a.request().messages().getFirst().content()).isEqualTo("You are Claude Code.");
        assertThat(a.request()).isEqualTo(b.request());
        assertThat(a.notes()).anyMatch(n -> n.contains("billing header"));
    }

    @Test
    void billingHeaderTextLaterInThePromptIsKept() throws Exception {
        Conversion c = converter.convert(request("""
                {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"hi"}],
                 "system":"Explain what x-anthropic-billing-header: means."}"""), "up", ConversionOptions.defaults("p"));

        assertThat((String) c.request().messages().getFirst().content()).contains("x-anthropic-billing-header");
    }

    @Test
    void withReasoningHistoryEveryToolCallingTurnCarriesReasoningContent() throws Exception {
        String json = """
                {"model":"m","max_tokens":5,"messages":[
                  {"role":"user","content":"read it"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"call_1","name":"Read","input":{"p":"/a"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"text"}]},
                  {"role":"assistant","content":"done"}]}""";
        ConversionOptions deepseek = new ConversionOptions("deepseek", null, false, true, false, false, false);

        List<ChatMessage> withHistory = converter.convert(request(json), "up", deepseek).request().messages();
        List<ChatMessage> plain = converter.convert(request(json), "up", ConversionOptions.defaults("p"))
                .request().messages();

        assertThat(withHistory.get(1).toolCalls()).isNotNull();
        assertThat(withHistory.get(1).reasoningContent()).isEqualTo("");
        assertThat(withHistory.get(3).reasoningContent()).as("a turn without tool calls needs none").isNull();
        assertThat(plain.get(1).reasoningContent()).isNull();
    }
}
