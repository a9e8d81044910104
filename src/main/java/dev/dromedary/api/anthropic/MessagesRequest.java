package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * A {@code POST /v1/messages} (or count_tokens) body. Only what the bridge maps is bound; every other field is
 * ignored by design (clients add fields faster than any bridge).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MessagesRequest(
        String model,
        List<InputMessage> messages,
        Integer maxTokens,
        @JsonDeserialize(using = BlocksDeserializer.class) List<ContentBlock> system,
        List<String> stopSequences,
        Boolean stream,
        Double temperature,
        Double topP,
        Integer topK,
        List<Tool> tools,
        ToolChoice toolChoice,
        ThinkingConfig thinking,
        Metadata metadata,
        OutputConfig outputConfig) {

    public MessagesRequest {
        messages = messages == null ? null : messages;
        system = system == null ? List.of() : system;
        stopSequences = stopSequences == null ? List.of() : stopSequences;
        tools = tools == null ? List.of() : tools;
    }

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    /**
     * This request for another model. YAML routes rewrite the model with it before a provider is chosen:
     * {@code simple: "${exchangeProperty.dromedaryRequest.withModel('deepseek-chat')}"}.
     */
    public MessagesRequest withModel(String newModel) {
        return new MessagesRequest(newModel, messages, maxTokens, system, stopSequences, stream, temperature, topP,
                topK, tools, toolChoice, thinking, metadata, outputConfig);
    }

    /**
     * This request without its conversation, system prompt and tools: what an open stream still needs of it once
     * the provider is answering (the model, its settings), at a few hundred bytes instead of the request's size.
     */
    public MessagesRequest withoutContent() {
        return new MessagesRequest(model, List.of(), maxTokens, List.of(), stopSequences, stream, temperature, topP,
                topK, List.of(), toolChoice, thinking, metadata, outputConfig);
    }

    /** The names of the tools offered, for conditions in YAML routes ({@code ${...toolNames} contains 'Bash'}). */
    public List<String> toolNames() {
        return tools.stream().map(Tool::name).toList();
    }
}
