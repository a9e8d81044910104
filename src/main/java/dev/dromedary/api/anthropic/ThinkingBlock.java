package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.annotation.JsonTypeName;

@JsonTypeName("thinking")
public record ThinkingBlock(String thinking, String signature) implements ContentBlock {
}
