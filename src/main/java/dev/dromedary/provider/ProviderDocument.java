package dev.dromedary.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The provider.json in force: the file's document with the providers stored through the admin API applied on top.
 * A stored definition replaces the file's provider of the same name (or is added after the file's); a deleted row
 * hides it; a stored {@code enabled} overrides. Stored keys are opened here and nowhere else.
 */
public final class ProviderDocument {

    /** What {@link #merge} made: the document, and the providers whose stored key could not be opened. */
    public record Merged(ObjectNode document, Map<String, String> unreadableKeys) {
    }

    private ProviderDocument() {
    }

    /**
     * @param fileRoot the parsed provider.json, or null when there is no file
     * @param openKey  opens a stored key ({@code StoredProvider.apiKeySealed}); throws when it cannot
     */
    public static Merged merge(ObjectMapper json, JsonNode fileRoot, List<StoredProvider> stored,
                               Function<StoredProvider, String> openKey) {
        ObjectNode root = fileRoot != null && fileRoot.isObject() ? fileRoot.deepCopy() : json.createObjectNode();
        JsonNode list = root.get("providers");
        ArrayNode providers = list != null && list.isArray() ? (ArrayNode) list : root.putArray("providers");
        Map<String, String> unreadable = new TreeMap<>();
        for (StoredProvider s : stored) {
            int at = indexOf(providers, s.name());
            if (s.deleted()) {
                if (at >= 0) {
                    providers.remove(at);
                }
                continue;
            }
            ObjectNode node;
            if (s.definition() != null) {
                node = parse(json, s);
                node.put("name", s.name());
                if (s.apiKeySealed() != null) {
                    try {
                        node.put("api_key", openKey.apply(s));
                    } catch (RuntimeException e) {
                        unreadable.put(s.name(), e.getMessage());
                        node.remove("api_key");
                    }
                }
                if (at >= 0) {
                    providers.set(at, node);
                } else {
                    providers.add(node);
                }
            } else if (at >= 0 && providers.get(at).isObject()) {
                node = (ObjectNode) providers.get(at);
            } else {
                continue;
            }
            if (s.enabled() != null) {
                node.put("enabled", s.enabled());
            }
        }
        return new Merged(root, unreadable);
    }

    /** The provider.json object of the provider with this name in a document, or null. */
    public static ObjectNode provider(JsonNode root, String name) {
        JsonNode list = root == null ? null : root.get("providers");
        if (list == null || !list.isArray()) {
            return null;
        }
        int at = indexOf((ArrayNode) list, name);
        return at >= 0 && list.get(at).isObject() ? (ObjectNode) list.get(at) : null;
    }

    private static ObjectNode parse(ObjectMapper json, StoredProvider s) {
        try {
            JsonNode n = json.readTree(s.definition());
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (Exception e) {
            // reported below
        }
        throw new ProviderConfigException("stored provider '" + s.name() + "': its definition is not a JSON object");
    }

    private static int indexOf(ArrayNode providers, String name) {
        for (int i = 0; i < providers.size(); i++) {
            if (name.equals(providers.get(i).path("name").asText(null))) {
                return i;
            }
        }
        return -1;
    }
}
