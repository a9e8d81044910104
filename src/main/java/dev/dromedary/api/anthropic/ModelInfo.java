package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

@JsonPropertyOrder({"type", "id", "display_name", "created_at"})
public record ModelInfo(String type, String id, @JsonProperty("display_name") String displayName,
                        @JsonProperty("created_at") String createdAt) {
}
