package dev.dromedary.provider;

/**
 * Where one request goes: the provider, the upstream model name, the tier it was chosen by (null if exact), and
 * the id and endpoint of the provider's route (computed once, with the route: the id takes two regular expressions).
 */
public record ModelRoute(ProviderConfig provider, String upstreamModel, Tier tier, String routeId,
                         String endpointUri) {

    public ModelRoute(ProviderConfig provider, String upstreamModel, Tier tier) {
        this(provider, upstreamModel, tier, provider.routeId(), provider.endpointUri());
    }
}
