package dev.dromedary.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * One chat message. {@code content} is a string, a list of {@link ContentPart}s, or null (an assistant turn that
 * only calls tools: written as an explicit null, as OpenAI itself returns it).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatMessage(
        String role,
        @JsonInclude(JsonInclude.Include.ALWAYS) Object content,
        List<ToolCall> toolCalls,
        String toolCallId,
        String reasoningContent) {

    public static ChatMessage system(String text) {
        return new ChatMessage("system", text, null, null, null);
    }

    public static ChatMessage user(Object content) {
        return new ChatMessage("user", content, null, null, null);
    }

    public static ChatMessage tool(String toolCallId, String content) {
        return new ChatMessage("tool", content, null, toolCallId, null);
    }

    public static ChatMessage assistant(String text, List<ToolCall> toolCalls, String reasoning) {
        return new ChatMessage("assistant", text, toolCalls, null, reasoning);
    }
}
