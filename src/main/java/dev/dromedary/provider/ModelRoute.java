package dev.dromedary.provider;

/** Where one request goes: the provider, the upstream model name, and the tier it was chosen by (null if exact). */
public record ModelRoute(ProviderConfig provider, String upstreamModel, Tier tier) {
}
