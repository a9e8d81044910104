package dev.dromedary.provider;

import dev.dromedary.config.DromedaryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider set in force. Loaded from provider.json and the providers stored through the admin API at start-up;
 * replaced as a whole by {@link #apply} when either changes, so a request sees one consistent set from its start.
 */
@Component
public class ProviderRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

    /** What one {@link #apply} changed: provider routes to add (new generations) and routes to retire. */
    public record Swap(List<ProviderConfig> added, List<ProviderConfig> retired, List<ProviderConfig> newBreakers) {
        public boolean routesChanged() {
            return !added.isEmpty() || !retired.isEmpty();
        }
    }

    private record State(ProviderSet set, ModelRouter router, ProviderSources.Built built, String fingerprint,
                         Instant loadedAt) {
    }

    private final DromedaryProperties props;
    private final Map<String, Integer> lastGeneration = new HashMap<>();
    private volatile State state;
    private volatile String reloadError;

    public ProviderRegistry(DromedaryProperties props, ProviderSources sources) {
        this.props = props;
        ProviderSources.Snapshot snapshot;
        try {
            snapshot = sources.read(true);
        } catch (org.springframework.dao.DataAccessException e) {
            // the database may come later: the watch applies the stored providers once it answers
            LOG.warn("Providers stored through the admin API not read (database unavailable: {}); using {} alone",
                    e.getMostSpecificCause().getMessage(), sources.file());
            snapshot = sources.read(false);
            snapshot = new ProviderSources.Snapshot(snapshot.fileText(), snapshot.stored(), "database-unread");
        }
        if (snapshot.fileText() == null) {
            LOG.warn("No provider.json in {}: starting with the providers of the admin API only",
                    java.nio.file.Path.of("").toAbsolutePath());
        }
        ProviderSources.Built built = sources.build(snapshot);
        apply(built, snapshot.fingerprint());
        for (ProviderConfig p : built.set().providers()) {
            if (p.enabled() && p.skipReason() != null) {
                LOG.warn("Provider '{}' skipped: {}", p.name(), p.skipReason());
            }
        }
        LOG.info("Loaded {} provider(s) from {}; usable: {}", built.set().providers().size(), built.set().source(),
                built.set().usable().stream().map(ProviderConfig::name).toList());
        if (built.set().usable().isEmpty()) {
            LOG.warn("No usable provider: requests will be answered with an error saying what to set");
        }
    }

    /**
     * Puts a new set in force. A provider keeps its route (and generation) while its {@link ProviderConfig#routeShape}
     * stays; otherwise it gets a route of a new generation and the old one is retired. Its breaker is kept unless its
     * settings changed.
     */
    public synchronized Swap apply(ProviderSources.Built built, String fingerprint) {
        ProviderSet next = built.set();
        State before = state;
        Map<String, ProviderConfig> old = new HashMap<>();
        if (before != null) {
            before.set().providers().forEach(p -> old.put(p.name(), p));
        }
        List<ProviderConfig> providers = new ArrayList<>();
        List<ProviderConfig> added = new ArrayList<>();
        List<ProviderConfig> retired = new ArrayList<>();
        List<ProviderConfig> newBreakers = new ArrayList<>();
        for (ProviderConfig p : next.providers()) {
            ProviderConfig prev = old.remove(p.name());
            boolean hadRoute = prev != null && prev.usable();
            if (hadRoute && p.usable() && prev.routeShape().equals(p.routeShape())) {
                providers.add(p.withGeneration(prev.generation()));
                continue;
            }
            int generation = lastGeneration.merge(p.name(), 1, (a, b) -> a + 1);
            ProviderConfig placed = p.withGeneration(generation);
            providers.add(placed);
            if (hadRoute) {
                retired.add(prev);
            }
            if (placed.usable()) {
                added.add(placed);
                if (!hadRoute || !prev.breaker().equals(placed.breaker())) {
                    newBreakers.add(placed);
                }
            }
        }
        old.values().stream().filter(ProviderConfig::usable).forEach(retired::add);
        ProviderSet placedSet = new ProviderSet(next.source(), providers, next.fallbackStrategy(),
                next.circuitBreaker());
        state = new State(placedSet, new ModelRouter(placedSet, props.defaultTier()), built, fingerprint,
                Instant.now());
        reloadError = null;
        return new Swap(List.copyOf(added), List.copyOf(retired), List.copyOf(newBreakers));
    }

    /** Routing for the provider set in force. */
    public ModelRouter router() {
        return state.router();
    }

    public ProviderSet current() {
        return state.set();
    }

    /** Whether the admin API defines this provider (else it comes from provider.json, if at all). */
    public boolean adminManaged(String name) {
        return state.built().adminManaged().contains(name);
    }

    /** What the set in force was built from: the merged document and the file's own. */
    public ProviderSources.Built built() {
        return state.built();
    }

    /** The fingerprint of the sources the set in force was built from. */
    public String fingerprint() {
        return state.fingerprint();
    }

    public Instant loadedAt() {
        return state.loadedAt();
    }

    /** Why the last change on disk was not applied (the set in force stays), or null. */
    public String reloadError() {
        return reloadError;
    }

    /** @param message why the sources' current content was not applied; null: nothing pending */
    public void reloadFailed(String message) {
        reloadError = message;
    }
}
