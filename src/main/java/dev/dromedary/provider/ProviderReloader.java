package dev.dromedary.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dromedary.api.Json;
import dev.dromedary.changes.ConfigChanges;
import dev.dromedary.routes.ProviderRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Applies provider changes without a restart: {@link #poll} (the {@code provider-watch} route) notices a changed
 * provider.json or a change stored through the admin API by any replica; {@link #applyNow} applies an admin API
 * change at once on this replica. An invalid provider.json is not applied: the providers in force stay and
 * {@link ProviderRegistry#reloadError} says why. Edits of the file are recorded in the change history per provider.
 */
@Component("providerReloader")
public class ProviderReloader {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderReloader.class);
    static final String MASK = "***";

    private final ProviderSources sources;
    private final ProviderRegistry registry;
    private final ProviderRoutes routes;
    private final ConfigChanges changes;

    public ProviderReloader(ProviderSources sources, ProviderRegistry registry, ProviderRoutes routes,
                            ConfigChanges changes) {
        this.sources = sources;
        this.registry = registry;
        this.routes = routes;
        this.changes = changes;
    }

    /** Applies whatever changed in either source since the set in force was built. */
    public synchronized void poll() throws Exception {
        ProviderSources.Snapshot snapshot;
        try {
            snapshot = sources.read(true);
        } catch (DataAccessException e) {
            // the stored providers stay as they are until the database answers again
            return;
        } catch (ProviderConfigException e) {
            failed(e.getMessage());
            return;
        }
        if (snapshot.fingerprint().equals(registry.fingerprint())) {
            // back to what is in force (a broken edit undone): nothing to apply, nothing wrong
            registry.reloadFailed(null);
            return;
        }
        ProviderSources.Built next;
        try {
            next = sources.build(snapshot);
        } catch (ProviderConfigException e) {
            failed(e.getMessage());
            return;
        }
        ProviderSources.Built before = registry.built();
        apply(next, snapshot.fingerprint());
        if (!Objects.equals(before.fileRoot(), next.fileRoot())) {
            recordFileEdits(before.fileRoot(), next.fileRoot());
        }
    }

    /** Applies the stored providers as they are now (after an admin API change) and the file as last read. */
    public synchronized void applyNow() throws Exception {
        ProviderSources.Snapshot snapshot = sources.read(true);
        apply(sources.build(snapshot), snapshot.fingerprint());
    }

    /** A provider's definition as in force, its key masked; null when there is no such provider. */
    public ObjectNode maskedDefinition(String name) {
        return mask(ProviderDocument.provider(registry.built().document(), name));
    }

    private void apply(ProviderSources.Built next, String fingerprint) throws Exception {
        ProviderRegistry.Swap swap = registry.apply(next, fingerprint);
        routes.apply(swap);
        LOG.info("Providers now in force: {}; routes added {}, retiring {}",
                next.set().usable().stream().map(ProviderConfig::name).toList(),
                swap.added().stream().map(ProviderConfig::routeId).toList(),
                swap.retired().stream().map(ProviderConfig::routeId).toList());
    }

    private void failed(String message) {
        if (!message.equals(registry.reloadError())) {
            LOG.warn("Provider change not applied, the providers in force stay: {}", message);
        }
        registry.reloadFailed(message);
    }

    private void recordFileEdits(JsonNode before, JsonNode after) {
        TreeSet<String> names = new TreeSet<>();
        List.of(before == null ? Json.MAPPER.createObjectNode() : before,
                after == null ? Json.MAPPER.createObjectNode() : after)
                .forEach(doc -> doc.path("providers").forEach(p -> names.add(p.path("name").asText())));
        for (String name : names) {
            String was = text(mask(ProviderDocument.provider(before, name)));
            String now = text(mask(ProviderDocument.provider(after, name)));
            if (!Objects.equals(was, now)) {
                String action = was == null ? "create" : now == null ? "delete" : "update";
                try {
                    changes.record(ConfigChanges.PROVIDER, name, action, "file", was, now);
                } catch (DataAccessException e) {
                    LOG.warn("Change of provider {} in the file not recorded: {}", name, e.getMostSpecificCause()
                            .getMessage());
                }
            }
        }
    }

    /** A definition as the history and the admin API show it: a literal key becomes {@code ***}. */
    static ObjectNode mask(ObjectNode definition) {
        if (definition == null) {
            return null;
        }
        ObjectNode copy = definition.deepCopy();
        JsonNode key = copy.get("api_key");
        if (key != null && !key.isNull() && !isVariable(key.asText())) {
            copy.put("api_key", MASK);
        }
        return copy;
    }

    /** {@code ${NAME}} or {@code ${NAME:-default}} alone: a reference to the environment, not a secret. */
    public static boolean isVariable(String value) {
        return value != null && value.matches("\\$\\{[A-Za-z_][A-Za-z0-9_.]*(:-[^}]*)?}");
    }

    static String text(ObjectNode node) {
        return node == null ? null : node.toPrettyString() + "\n";
    }
}
