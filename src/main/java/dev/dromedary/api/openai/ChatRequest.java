package dev.dromedary.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * An OpenAI Chat Completions request. Only fields of that schema exist here, so nothing Anthropic-only can leak
 * upstream. {@code toolChoice} is either a string ({@code auto}/{@code required}/{@code none}) or a
 * {@link NamedToolChoice}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatRequest(
        String model,
        List<ChatMessage> messages,
        Integer maxTokens,
        Integer maxCompletionTokens,
        Double temperature,
        Double topP,
        List<String> stop,
        Boolean stream,
        StreamOptions streamOptions,
        List<ChatTool> tools,
        Object toolChoice,
        Boolean parallelToolCalls,
        String user,
        String reasoningEffort) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record StreamOptions(boolean includeUsage) {
    }

    public record NamedToolChoice(String type, FunctionName function) {
        public static NamedToolChoice of(String name) {
            return new NamedToolChoice("function", new FunctionName(name));
        }
    }

    public record FunctionName(String name) {
    }
}
