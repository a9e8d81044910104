package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.annotation.JsonTypeName;

@JsonTypeName("image")
public record ImageBlock(MediaSource source) implements ContentBlock {
}
