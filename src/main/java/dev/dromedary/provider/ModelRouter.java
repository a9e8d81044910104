package dev.dromedary.provider;

import dev.dromedary.error.BridgeException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Picks the providers and upstream models for a requested model name, in the order they are tried: providers that
 * list the exact name; otherwise every usable provider serving the tier named by the model (opus/sonnet/haiku) or
 * the default tier, by priority, each with its models for the tier in their listed order. With
 * {@code fallback_strategy: "round_robin"} each request starts one provider further along the list; with
 * {@code "weighted"} providers are drawn in a random order weighted by their {@code weight}.
 */
public final class ModelRouter {

    private final ProviderSet set;
    /** Exact model name → the candidates listing it, by priority. */
    private final Map<String, List<ModelRoute>> exact = new HashMap<>();
    /** Tier → the candidates serving it, by priority. */
    private final Map<Tier, List<ModelRoute>> byTier = new EnumMap<>(Tier.class);
    private final Tier defaultTier;
    private final boolean roundRobin;
    private final boolean weighted;
    private final RandomGenerator random;
    private final AtomicInteger turn = new AtomicInteger();

    /** Routing decided once per provider set, so that a request only does map look-ups. */
    public ModelRouter(ProviderSet set, Tier defaultTier) {
        this(set, defaultTier, null);
    }

    /** @param random draws the order under the weighted strategy: seeded in tests, null for a thread-local one */
    public ModelRouter(ProviderSet set, Tier defaultTier, RandomGenerator random) {
        this.set = set;
        this.defaultTier = defaultTier;
        this.random = random;
        this.roundRobin = "round_robin".equals(set.fallbackStrategy());
        this.weighted = "weighted".equals(set.fallbackStrategy());
        for (ProviderConfig p : set.usable()) {
            for (Tier t : Tier.values()) {
                for (String m : p.models(t)) {
                    List<ModelRoute> listing = exact.computeIfAbsent(m, k -> new ArrayList<>());
                    if (listing.stream().noneMatch(r -> r.provider() == p)) {
                        listing.add(new ModelRoute(p, m, t));
                    }
                    byTier.computeIfAbsent(t, k -> new ArrayList<>()).add(new ModelRoute(p, m, t));
                }
            }
        }
    }

    public static ModelRoute route(ProviderSet set, String requested, Tier defaultTier) {
        return new ModelRouter(set, defaultTier).route(requested);
    }

    /** The first candidate. */
    public ModelRoute route(String requested) {
        return candidates(requested, null).getFirst();
    }

    /**
     * @param forcedProvider a provider name the client insists on ({@code X-Provider-Name}), or null
     * @return never empty
     */
    public List<ModelRoute> candidates(String requested, String forcedProvider) {
        List<ModelRoute> listing = exact.get(requested);
        Tier fromName = Tier.fromModelName(requested);
        Tier tier = fromName == null ? defaultTier : fromName;
        List<ModelRoute> all = listing != null ? listing : byTier.getOrDefault(tier, List.of());
        if (forcedProvider != null) {
            return forced(forcedProvider, all, requested, tier);
        }
        if (all.isEmpty()) {
            throw BridgeException.notFound(noProviderMessage(set, requested, tier));
        }
        return roundRobin ? rotated(all) : weighted ? weightedOrder(all) : all;
    }

    private List<ModelRoute> forced(String name, List<ModelRoute> all, String requested, Tier tier) {
        ProviderConfig provider = set.providers().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> BridgeException.invalidRequest("X-Provider-Name names no provider: '" + name
                        + "' (known: " + set.providers().stream().map(ProviderConfig::name)
                        .collect(Collectors.joining(", ")) + ")"));
        if (!provider.usable()) {
            throw BridgeException.invalidRequest("X-Provider-Name: provider '" + name + "' is not usable ("
                    + (provider.enabled() ? provider.skipReason() : "disabled") + ")");
        }
        List<ModelRoute> own = all.stream().filter(r -> r.provider() == provider).toList();
        if (own.isEmpty()) {
            throw BridgeException.notFound("provider '" + name + "' serves neither model '" + requested
                    + "' nor tier " + tier.key());
        }
        return own;
    }

    /** The same candidates, starting at the next provider in turn (a provider's models stay together). */
    private List<ModelRoute> rotated(List<ModelRoute> all) {
        List<ProviderConfig> providers = all.stream().map(ModelRoute::provider).distinct().toList();
        if (providers.size() < 2) {
            return all;
        }
        ProviderConfig first = providers.get(Math.floorMod(turn.getAndIncrement(), providers.size()));
        int from = 0;
        while (all.get(from).provider() != first) {
            from++;
        }
        List<ModelRoute> out = new ArrayList<>(all.subList(from, all.size()));
        out.addAll(all.subList(0, from));
        return out;
    }

    /**
     * The same candidates with their providers in a random order where each provider comes first with a chance
     * proportional to its {@code weight} (and so on for the rest: weighted sampling without replacement, by
     * exponential keys). A provider's models stay together, in their order.
     */
    private List<ModelRoute> weightedOrder(List<ModelRoute> all) {
        List<ProviderConfig> providers = all.stream().map(ModelRoute::provider).distinct().toList();
        if (providers.size() < 2) {
            return all;
        }
        Map<ProviderConfig, Double> key = new HashMap<>();
        RandomGenerator r = random == null ? ThreadLocalRandom.current() : random;
        for (ProviderConfig p : providers) {
            key.put(p, -Math.log(1.0 - r.nextDouble()) / p.weight());
        }
        List<ModelRoute> out = new ArrayList<>(all);
        out.sort(Comparator.comparingDouble(route -> key.get(route.provider())));
        return out;
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
