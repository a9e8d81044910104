package dev.dromedary.provider;

/** The wire format a provider speaks. */
public enum ApiFormat {
    OPENAI, ANTHROPIC
}
