package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;

public record TokenCount(@JsonProperty("input_tokens") int inputTokens) {
}
