package dev.dromedary.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

public record ChatTool(String type, Function function) {

    public static ChatTool function(String name, String description, JsonNode parameters) {
        return new ChatTool("function", new Function(name, description, parameters));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Function(String name, String description, JsonNode parameters) {
    }
}
