package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.util.List;

@JsonTypeName("tool_result")
public record ToolResultBlock(
        @JsonProperty("tool_use_id") String toolUseId,
        @JsonDeserialize(using = BlocksDeserializer.class) List<ContentBlock> content,
        @JsonProperty("is_error") Boolean isError) implements ContentBlock {

    public boolean failed() {
        return Boolean.TRUE.equals(isError);
    }
}
