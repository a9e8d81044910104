package dev.dromedary.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dromedary.api.Json;
import dev.dromedary.changes.ConfigChanges;
import dev.dromedary.error.BridgeException;
import dev.dromedary.processor.HttpReply;
import dev.dromedary.provider.ProviderConfig;
import dev.dromedary.provider.ProviderConfigException;
import dev.dromedary.provider.ProviderDocument;
import dev.dromedary.provider.ProviderRegistry;
import dev.dromedary.provider.ProviderReloader;
import dev.dromedary.provider.ProviderSources;
import dev.dromedary.provider.ProviderStore;
import dev.dromedary.provider.StoredProvider;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/api/providers} lists the providers in force ({@link ProviderStatus}). Providers through the admin API, stored in the shared database and applied at once (other replicas within
 * {@code dromedary.providers.watch-interval}): {@code POST /admin/api/providers} adds one, {@code PUT
 * /admin/api/providers/{name}} adds or replaces one (also one of provider.json), {@code DELETE} removes it,
 * {@code POST .../enable} and {@code .../disable} switch it, {@code GET .../{name}} and {@code .../history} show it.
 * Each change is validated as a whole provider set first, then recorded with who made it.
 */
@Component("providersAdmin")
public class ProvidersAdmin implements org.apache.camel.Processor {

    private static final String MASK = "***";

    private final ProviderStore store;
    private final ProviderSources sources;
    private final ProviderRegistry registry;
    private final ProviderReloader reloader;
    private final ProviderStatus status;
    private final ConfigChanges changes;

    public ProvidersAdmin(ProviderStore store, ProviderSources sources, ProviderRegistry registry,
                          ProviderReloader reloader, ProviderStatus status, ConfigChanges changes) {
        this.store = store;
        this.sources = sources;
        this.registry = registry;
        this.reloader = reloader;
        this.status = status;
        this.changes = changes;
    }

    @Override
    public synchronized void process(Exchange exchange) throws Exception {
        String method = exchange.getIn().getHeader(Exchange.HTTP_METHOD, String.class);
        String name = exchange.getIn().getHeader("name", String.class);
        String path = exchange.getIn().getHeader(Exchange.HTTP_PATH, String.class);
        String actor = AdminRequests.actor(exchange);
        if (name == null && "GET".equals(method)) {
            status.process(exchange);
            return;
        }
        if (name == null) {
            ObjectNode body = body(exchange);
            String given = body.path("name").asText("").strip();
            if (given.isEmpty()) {
                throw BridgeException.invalidRequest("name: required");
            }
            if (ProviderDocument.provider(registry.built().document(), given) != null) {
                throw new BridgeException(409, "invalid_request_error", "provider '" + given
                        + "' exists: PUT /admin/api/providers/" + given + " replaces it");
            }
            put(exchange, given, (ObjectNode) body, actor);
            return;
        }
        if (path != null && path.endsWith("/history")) {
            HttpReply.json(exchange, 200, Map.of("changes", changes.history(ConfigChanges.PROVIDER, name, 100)));
        } else if (path != null && (path.endsWith("/enable") || path.endsWith("/disable"))) {
            switchTo(exchange, name, path.endsWith("/enable"), actor);
        } else {
            switch (method) {
                case "PUT" -> put(exchange, name, body(exchange), actor);
                case "DELETE" -> delete(exchange, name, actor);
                default -> show(exchange, name);
            }
        }
    }

    private void show(Exchange exchange, String name) {
        ObjectNode definition = reloader.maskedDefinition(name);
        if (definition == null) {
            throw BridgeException.notFound("no provider '" + name + "'");
        }
        ProviderStatus.Provider state = status.listing().providers().stream()
                .filter(p -> p.name().equals(name)).findFirst().orElse(null);
        HttpReply.json(exchange, 200, Map.of("definition", definition, "status", state));
    }

    private void put(Exchange exchange, String name, ObjectNode body, String actor) throws Exception {
        if (body.hasNonNull("name") && !body.get("name").asText().equals(name)) {
            throw BridgeException.invalidRequest("name: the body names '" + body.get("name").asText()
                    + "', the path '" + name + "'");
        }
        StoredProvider previous = stored(name);
        ObjectNode definition = Json.MAPPER.createObjectNode().put("name", name);
        definition.setAll(body.deepCopy());
        String sealed = key(name, definition, previous);
        StoredProvider next = new StoredProvider(name, definition.toString(), sealed, null, false, null, actor);
        ProviderConfig placed = validate(name, next);
        // the loader has checked the URL's form; a set base URL must not reach into the bridge's own networks
        if (placed != null && !placed.baseUrl().isBlank()) {
            String refused = sources.guard().refusal(placed.baseUrl());
            if (refused != null) {
                throw BridgeException.invalidRequest(refused);
            }
        }
        ObjectNode before = reloader.maskedDefinition(name);
        store.put(next);
        reloader.applyNow();
        ObjectNode after = reloader.maskedDefinition(name);
        changes.record(ConfigChanges.PROVIDER, name, before == null ? "create" : "update", actor, text(before),
                text(after));
        HttpReply.json(exchange, before == null ? 201 : 200, Map.of("definition", after));
    }

    private void delete(Exchange exchange, String name, String actor) throws Exception {
        ObjectNode before = reloader.maskedDefinition(name);
        if (before == null) {
            throw BridgeException.notFound("no provider '" + name + "'");
        }
        boolean inFile = ProviderDocument.provider(registry.built().fileRoot(), name) != null;
        StoredProvider tombstone = new StoredProvider(name, null, null, null, true, null, actor);
        validate(name, tombstone);
        if (inFile) {
            store.put(tombstone);
        } else {
            store.remove(name);
        }
        reloader.applyNow();
        changes.record(ConfigChanges.PROVIDER, name, "delete", actor, text(before), null);
        HttpReply.json(exchange, 200, Map.of("deleted", name));
    }

    private void switchTo(Exchange exchange, String name, boolean enabled, String actor) throws Exception {
        ObjectNode before = reloader.maskedDefinition(name);
        if (before == null) {
            throw BridgeException.notFound("no provider '" + name + "'");
        }
        StoredProvider previous = stored(name);
        StoredProvider next = previous == null
                ? new StoredProvider(name, null, null, enabled, false, null, actor)
                : new StoredProvider(name, previous.definition(), previous.apiKeySealed(), enabled, false, null, actor);
        validate(name, next);
        store.put(next);
        reloader.applyNow();
        ObjectNode after = reloader.maskedDefinition(name);
        changes.record(ConfigChanges.PROVIDER, name, enabled ? "enable" : "disable", actor, text(before), text(after));
        HttpReply.json(exchange, 200, Map.of("definition", after));
    }

    /**
     * The key to store: a new literal key is sealed; {@code ${VAR}} stays in the definition; a key left out (or the
     * mask the GETs show) keeps the provider's key as it is; {@code null} removes it.
     */
    private String key(String name, ObjectNode definition, StoredProvider previous) throws Exception {
        JsonNode given = definition.get("api_key");
        if (given != null && given.isNull()) {
            definition.remove("api_key");
            return null;
        }
        String text = given == null ? null : given.asText();
        if (text != null && !text.equals(MASK)) {
            if (ProviderReloader.isVariable(text)) {
                return null;
            }
            definition.remove("api_key");
            return seal(name, text);
        }
        definition.remove("api_key");
        if (previous != null && previous.definition() != null) {
            JsonNode kept = Json.MAPPER.readTree(previous.definition()).get("api_key");
            if (kept != null) {
                definition.set("api_key", kept);
            }
            return previous.apiKeySealed();
        }
        JsonNode inFile = field(ProviderDocument.provider(registry.built().fileRoot(), name), "api_key");
        if (inFile == null || inFile.isNull()) {
            return null;
        }
        if (ProviderReloader.isVariable(inFile.asText())) {
            definition.set("api_key", inFile);
            return null;
        }
        return seal(name, inFile.asText());
    }

    private String seal(String name, String key) {
        if (sources.secrets() == null) {
            throw BridgeException.invalidRequest("api_key: storing a provider key needs DROMEDARY_SECRETS_KEY "
                    + "(32 bytes in base64: openssl rand -base64 32), or give the key as ${ENV_VARIABLE}");
        }
        return sources.secrets().seal(key, name);
    }

    /** Builds the whole provider set with this change, as the next reload would: a bad provider is a 400. */
    private ProviderConfig validate(String name, StoredProvider change) {
        List<StoredProvider> rows = new ArrayList<>(store.list());
        rows.removeIf(r -> r.name().equals(name));
        rows.add(change);
        ProviderSources.Built built;
        try {
            built = sources.build(registry.built().fileRoot() == null ? null : registry.built().fileRoot().toString(),
                    rows);
        } catch (ProviderConfigException e) {
            throw BridgeException.invalidRequest(e.getMessage());
        }
        return built.set().providers().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private StoredProvider stored(String name) {
        return store.list().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private static JsonNode field(ObjectNode node, String key) {
        return node == null ? null : node.get(key);
    }

    private static String text(ObjectNode node) {
        return node == null ? null : node.toPrettyString() + "\n";
    }

    private static ObjectNode body(Exchange exchange) {
        return AdminRequests.objectBody(exchange, "a provider object as in provider.json is required");
    }
}
