package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code enabled} (with budgetTokens), {@code adaptive} or {@code disabled}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ThinkingConfig(String type, Integer budgetTokens) {

    public boolean isOn() {
        return "enabled".equals(type) || "adaptive".equals(type);
    }
}
