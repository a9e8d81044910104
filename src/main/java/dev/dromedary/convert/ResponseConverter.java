package dev.dromedary.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dromedary.api.anthropic.ContentBlock;
import dev.dromedary.api.anthropic.MessageResponse;
import dev.dromedary.api.anthropic.TextBlock;
import dev.dromedary.api.anthropic.ThinkingBlock;
import dev.dromedary.api.anthropic.ToolUseBlock;
import dev.dromedary.api.anthropic.Usage;
import dev.dromedary.api.openai.ChatResponse;
import dev.dromedary.api.openai.ChatUsage;
import dev.dromedary.api.openai.ToolCall;

import java.util.ArrayList;
import java.util.List;

/** OpenAI chat.completion → Anthropic Message. Pure. */
public final class ResponseConverter {

    /** Stands where Anthropic puts a thinking signature; clients store it and send it back, nobody verifies it. */
    public static final String SIGNATURE = "ZHJvbWVkYXJ5";

    private final ObjectMapper json;

    public ResponseConverter(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @throws UpstreamFormatException when the response has no choice to convert
     */
    public MessageResponse convert(ChatResponse resp, String requestedModel, List<String> stopSequences) {
        ChatResponse.Choice choice = resp.firstChoice();
        if (choice == null || choice.message() == null) {
            throw new UpstreamFormatException("the provider's response has no choices");
        }
        ChatResponse.Delta msg = choice.message();
        List<ContentBlock> content = new ArrayList<>();
        String reasoning = msg.reasoningText();
        if (reasoning != null && !reasoning.isEmpty()) {
            content.add(new ThinkingBlock(reasoning, SIGNATURE));
        }
        if (msg.content() != null && !msg.content().isEmpty()) {
            content.add(new TextBlock(msg.content()));
        } else if (msg.refusal() != null && !msg.refusal().isEmpty()) {
            content.add(new TextBlock(msg.refusal()));
        }
        boolean usedTools = false;
        if (msg.toolCalls() != null) {
            for (ToolCall call : msg.toolCalls()) {
                String id = call.id() == null || call.id().isEmpty() ? Ids.toolUseId() : call.id();
                JsonNode input = ToolArguments.parse(json, call.arguments());
                content.add(new ToolUseBlock(id, call.name(), input));
                usedTools = true;
            }
        }
        StopReasons.Stop stop = StopReasons.map(choice.finishReason(), choice.stopReason(), stopSequences, usedTools);
        if (msg.refusal() != null && !msg.refusal().isEmpty() && "end_turn".equals(stop.reason())) {
            stop = new StopReasons.Stop("refusal", null);
        }
        return MessageResponse.of(Ids.messageId(resp.id()), requestedModel, content, stop.reason(), stop.sequence(),
                usage(resp.usage(), 0));
    }

    /** Anthropic's input_tokens excludes cache reads; OpenAI's prompt_tokens includes them. */
    public static Usage usage(ChatUsage u, int inputEstimate) {
        if (u == null) {
            return Usage.of(inputEstimate, 0, 0);
        }
        int cached = u.cached();
        return Usage.of(Math.max(0, u.prompt() - cached), u.completion(), cached);
    }
}
