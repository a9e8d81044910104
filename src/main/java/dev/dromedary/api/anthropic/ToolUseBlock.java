package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;

@JsonTypeName("tool_use")
public record ToolUseBlock(String id, String name, JsonNode input) implements ContentBlock {
}
