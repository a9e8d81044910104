package dev.dromedary.api.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * A chat.completion or one chat.completion.chunk: a response carries {@code message} in its choices, a chunk
 * {@code delta}. {@code error} is set by providers that report failures inside a 200 or a stream.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatResponse(String id, String model, List<Choice> choices, ChatUsage usage, JsonNode error) {

    public Choice firstChoice() {
        return choices == null || choices.isEmpty() ? null : choices.get(0);
    }

    /**
     * {@code stopReason} is vLLM/SGLang's matched stop string (or token id); {@code nativeFinishReason} is
     * OpenRouter's.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Choice(Integer index, Delta message, Delta delta, String finishReason, JsonNode stopReason) {
    }

    /** The assistant message or stream delta. Reasoning arrives as {@code reasoning_content} or {@code reasoning}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Delta(String role, String content, String reasoningContent, String reasoning,
                        List<ToolCall> toolCalls, String refusal) {

        public String reasoningText() {
            return reasoningContent != null && !reasoningContent.isEmpty() ? reasoningContent : reasoning;
        }
    }
}
