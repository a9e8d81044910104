package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code auto}, {@code any}, {@code tool} (with name) or {@code none}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ToolChoice(String type, String name, Boolean disableParallelToolUse) {
}
