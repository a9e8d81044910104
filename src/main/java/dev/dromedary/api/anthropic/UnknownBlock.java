package dev.dromedary.api.anthropic;

/** A block type the bridge has no mapping for; only its type is kept. */
public record UnknownBlock(String type) implements ContentBlock {
}
