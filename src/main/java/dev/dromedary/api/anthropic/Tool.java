package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A tool definition. Custom tools have no type (or {@code custom}); Anthropic's versioned server tools
 * ({@code web_search_20250305}, {@code bash_20250124}, ...) carry one.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Tool(String type, String name, String description, JsonNode inputSchema, Boolean deferLoading,
                   Boolean strict) {

    public boolean isCustom() {
        return type == null || type.equals("custom");
    }

    public boolean isDeferred() {
        return Boolean.TRUE.equals(deferLoading);
    }
}
