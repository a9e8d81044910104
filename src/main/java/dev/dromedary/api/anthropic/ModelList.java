package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

@JsonPropertyOrder({"data", "has_more", "first_id", "last_id"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ModelList(List<ModelInfo> data, @JsonProperty("has_more") boolean hasMore,
                        @JsonProperty("first_id") String firstId, @JsonProperty("last_id") String lastId) {
}
