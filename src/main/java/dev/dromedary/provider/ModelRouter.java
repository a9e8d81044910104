package dev.dromedary.provider;

import dev.dromedary.error.BridgeException;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Picks the provider and upstream model for a requested model name: an exact listing wins; otherwise the tier
 * named by the model (opus/sonnet/haiku) or the default tier, served by the first usable provider by priority.
 */
public final class ModelRouter {

    private final ProviderSet set;
    /** Exact model name → its route, first usable provider by priority. */
    private final Map<String, ModelRoute> exact = new HashMap<>();
    /** Tier → route of the first usable provider by priority that has a model in it (absent: none). */
    private final Map<Tier, ModelRoute> byTier = new EnumMap<>(Tier.class);
    private final Tier defaultTier;

    /** Routing decided once per provider set, so that a request only does map look-ups. */
    public ModelRouter(ProviderSet set, Tier defaultTier) {
        this.set = set;
        this.defaultTier = defaultTier;
        for (ProviderConfig p : set.usable()) {
            for (Tier t : Tier.values()) {
                List<String> models = p.models(t);
                for (String m : models) {
                    exact.putIfAbsent(m, new ModelRoute(p, m, tierOf(p, m)));
                }
                if (!models.isEmpty()) {
                    byTier.putIfAbsent(t, new ModelRoute(p, models.getFirst(), t));
                }
            }
        }
    }

    public static ModelRoute route(ProviderSet set, String requested, Tier defaultTier) {
        return new ModelRouter(set, defaultTier).route(requested);
    }

    public ModelRoute route(String requested) {
        ModelRoute route = exact.get(requested);
        if (route != null) {
            return route;
        }
        Tier fromName = Tier.fromModelName(requested);
        Tier tier = fromName == null ? defaultTier : fromName;
        route = byTier.get(tier);
        if (route == null) {
            throw BridgeException.notFound(noProviderMessage(set, requested, tier));
        }
        return route;
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
