package dev.dromedary.api.anthropic;

/** {@code output_config}: Claude Code sends the requested reasoning {@code effort} here. */
public record OutputConfig(String effort) {
}
