package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** The Anthropic Message object; {@code stop_reason} and {@code stop_sequence} are always present, null or not. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"id", "type", "role", "model", "content", "stop_reason", "stop_sequence", "usage"})
public record MessageResponse(String id, String type, String role, String model, List<ContentBlock> content,
                              String stopReason, String stopSequence, Usage usage) {

    public static MessageResponse of(String id, String model, List<ContentBlock> content, String stopReason,
                                     String stopSequence, Usage usage) {
        return new MessageResponse(id, "message", "assistant", model, content, stopReason, stopSequence, usage);
    }
}
