package dev.dromedary.provider;

import dev.dromedary.error.BridgeException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Picks the provider and upstream model for a requested model name: an exact listing wins; otherwise the tier
 * named by the model (opus/sonnet/haiku) or the default tier, served by the first usable provider by priority.
 */
public final class ModelRouter {

    private ModelRouter() {
    }

    public static ModelRoute route(ProviderSet set, String requested, Tier defaultTier) {
        List<ProviderConfig> usable = set.usable();
        for (ProviderConfig p : usable) {
            if (p.serves(requested)) {
                return new ModelRoute(p, requested, tierOf(p, requested));
            }
        }
        Tier fromName = Tier.fromModelName(requested);
        Tier tier = fromName == null ? defaultTier : fromName;
        for (ProviderConfig p : usable) {
            List<String> models = p.models(tier);
            if (!models.isEmpty()) {
                return new ModelRoute(p, models.getFirst(), tier);
            }
        }
        throw BridgeException.notFound(noProviderMessage(set, requested, tier));
    }

    private static Tier tierOf(ProviderConfig p, String model) {
        for (Tier t : Tier.values()) {
            if (p.models(t).contains(model)) {
                return t;
            }
        }
        return null;
    }

    /** Says what to set: the reasons unusable providers were skipped, or that none serves the tier. */
    static String noProviderMessage(ProviderSet set, String requested, Tier tier) {
        if (set.usable().isEmpty()) {
            if (set.providers().isEmpty()) {
                return "No provider is configured: add one to " + set.source() + " (see README, \"Providers\")";
            }
            String reasons = set.providers().stream()
                    .map(p -> p.name() + (p.enabled() ? ": " + p.skipReason() : ": disabled"))
                    .collect(Collectors.joining("; "));
            return "No usable provider in " + set.source() + " (" + reasons + ")";
        }
        return "No provider serves model '" + requested + "' (tier " + tier.key() + "): list it under models."
                + tier.key() + " of a provider in " + set.source();
    }
}
