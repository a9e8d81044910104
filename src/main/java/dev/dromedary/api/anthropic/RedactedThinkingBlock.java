package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.annotation.JsonTypeName;

@JsonTypeName("redacted_thinking")
public record RedactedThinkingBlock(String data) implements ContentBlock {
}
