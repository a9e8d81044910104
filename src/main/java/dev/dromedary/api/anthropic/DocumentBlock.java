package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.annotation.JsonTypeName;

@JsonTypeName("document")
public record DocumentBlock(MediaSource source, String title, String context) implements ContentBlock {
}
