package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.annotation.JsonTypeName;

@JsonTypeName("text")
public record TextBlock(String text) implements ContentBlock {
}
