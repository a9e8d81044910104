package dev.dromedary.provider;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads provider.json in the original bridge's format, unchanged. Unknown keys are ignored; a malformed file or
 * a missing or mistyped required key fails with a message naming the file, the provider and the key.
 */
public final class ProviderConfigLoader {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
    static final List<String> STRATEGIES = List.of("priority", "round_robin", "weighted");

    private final ObjectMapper json;
    private final EnvExpander env;

    public ProviderConfigLoader(ObjectMapper json, EnvExpander env) {
        this.json = json;
        this.env = env;
    }

    public ProviderSet load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ProviderConfigException(file + ": file not found (set PROVIDER_CONFIG_PATH or create it)");
        } catch (IOException e) {
            throw new ProviderConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    public ProviderSet parse(String source, String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ProviderConfigException(source + ": malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ProviderConfigException(source + ": the top level must be a JSON object with \"providers\"");
        }
        JsonNode list = root.get("providers");
        if (list == null || !list.isArray()) {
            throw new ProviderConfigException(source + ": missing required key 'providers' (an array)");
        }
        ProviderSet.CircuitBreakerSettings breaker = circuitBreaker(source, root.get("circuit_breaker"),
                ProviderSet.CircuitBreakerSettings.DEFAULT, "circuit_breaker");
        List<ProviderConfig> providers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            ProviderConfig p = provider(source, i, list.get(i), breaker);
            if (!names.add(p.name())) {
                throw new ProviderConfigException(source + ": provider '" + p.name() + "': duplicate name");
            }
            providers.add(p);
        }
        String strategy = text(root, "fallback_strategy", source, "top level");
        if (strategy != null && !STRATEGIES.contains(strategy)) {
            throw new ProviderConfigException(source + ": top level: key 'fallback_strategy' must be one of "
                    + STRATEGIES + ", not \"" + strategy + "\"");
        }
        return new ProviderSet(source, providers, strategy == null ? "priority" : strategy, breaker);
    }

    private ProviderConfig provider(String source, int position, JsonNode node,
                                    ProviderSet.CircuitBreakerSettings globalBreaker) {
        String label = "providers[" + position + "]";
        if (node == null || !node.isObject()) {
            throw new ProviderConfigException(source + ": " + label + " must be an object");
        }
        String name = required(text(node, "name", source, label), source, label, "name");
        String where = "provider '" + name + "'";
        String rawKey = node.hasNonNull("api_key") ? node.get("api_key").asText() : null;
        String apiKey = env.expand(rawKey);
        String baseUrl = env.expand(required(text(node, "base_url", source, where), source, where, "base_url"));
        Map<Tier, List<String>> models = models(source, where, node.get("models"));
        Integer timeoutSeconds = integer(node, "timeout", source, where);
        Integer maxRetries = integer(node, "max_retries", source, where);
        Integer priority = integer(node, "priority", source, where);
        Integer weight = integer(node, "weight", source, where);
        if (weight != null && weight < 1) {
            throw new ProviderConfigException(source + ": " + where + ": key 'weight' must be at least 1");
        }
        String format = text(node, "api_format", source, where);
        ApiFormat apiFormat = format == null ? ApiFormat.OPENAI : switch (format.toLowerCase(Locale.ROOT)) {
            case "openai" -> ApiFormat.OPENAI;
            case "anthropic" -> ApiFormat.ANTHROPIC;
            default -> throw new ProviderConfigException(source + ": " + where
                    + ": key 'api_format' must be \"openai\" or \"anthropic\", not \"" + format + "\"");
        };
        String skip = null;
        if (rawKey != null && EnvExpander.needsVariable(rawKey) && apiKey.isBlank()) {
            skip = "its api_key is empty: set " + EnvExpander.variablesIn(rawKey);
        } else if (baseUrl.isBlank()) {
            skip = "its base_url is empty: set " + EnvExpander.variablesIn(node.get("base_url").asText());
        } else if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new ProviderConfigException(source + ": " + where + ": key 'base_url' must start with http:// or https://");
        }
        ProviderConfig.Quirks quirks = new ProviderConfig.Quirks(
                bool(node, "reasoning_effort", false, source, where),
                bool(node, "reasoning_content_history", false, source, where),
                bool(node, "pdf_input", false, source, where),
                bool(node, "system_in_place", false, source, where),
                bool(node, "max_completion_tokens", false, source, where));
        return new ProviderConfig(name,
                bool(node, "enabled", true, source, where),
                priority == null ? 100 + position : priority,
                weight == null ? 1 : weight,
                apiKey == null || apiKey.isBlank() ? null : apiKey,
                baseUrl,
                timeoutSeconds == null ? DEFAULT_TIMEOUT : Duration.ofSeconds(timeoutSeconds),
                maxRetries == null ? 0 : maxRetries,
                models,
                apiFormat,
                integer(node, "max_tokens_limit", source, where),
                headers(source, where, node.get("custom_headers")),
                quirks,
                circuitBreaker(source, node.get("circuit_breaker"), globalBreaker, where + ": circuit_breaker"),
                skip, 1);
    }

    private Map<Tier, List<String>> models(String source, String where, JsonNode node) {
        if (node == null || node.isNull()) {
            throw new ProviderConfigException(source + ": " + where + ": missing required key 'models'");
        }
        if (!node.isObject()) {
            throw new ProviderConfigException(source + ": " + where + ": key 'models' must be an object of "
                    + "big/middle/small lists");
        }
        Map<Tier, List<String>> out = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            JsonNode list = node.get(tier.key());
            if (list == null || list.isNull()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            if (list.isTextual()) {
                names.add(env.expand(list.asText()));
            } else if (list.isArray()) {
                list.forEach(m -> names.add(env.expand(m.asText())));
            } else {
                throw new ProviderConfigException(source + ": " + where + ": key 'models." + tier.key()
                        + "' must be a list of model names");
            }
            names.removeIf(String::isBlank);
            out.put(tier, List.copyOf(names));
        }
        if (out.values().stream().allMatch(List::isEmpty)) {
            throw new ProviderConfigException(source + ": " + where + ": key 'models' lists no model under big, "
                    + "middle or small");
        }
        return out;
    }

    private Map<String, String> headers(String source, String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new ProviderConfigException(source + ": " + where + ": key 'custom_headers' must be an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), env.expand(e.getValue().asText())));
        return Map.copyOf(out);
    }

    /** {@code circuit_breaker} (global, or a provider's override): keys left out keep the values of {@code d}. */
    private ProviderSet.CircuitBreakerSettings circuitBreaker(String source, JsonNode node,
                                                             ProviderSet.CircuitBreakerSettings d, String where) {
        if (node == null || node.isNull()) {
            return d;
        }
        if (!node.isObject()) {
            throw new ProviderConfigException(source + ": " + where + " must be an object");
        }
        Integer threshold = integer(node, "failure_threshold", source, where);
        Integer recovery = integer(node, "recovery_timeout", source, where);
        if (threshold != null && threshold < 1) {
            throw new ProviderConfigException(source + ": " + where + ": failure_threshold must be at least 1");
        }
        if (recovery != null && recovery < 1) {
            throw new ProviderConfigException(source + ": " + where + ": recovery_timeout must be at least 1 (seconds)");
        }
        return new ProviderSet.CircuitBreakerSettings(threshold == null ? d.failureThreshold() : threshold,
                recovery == null ? d.recoveryTimeout() : Duration.ofSeconds(recovery));
    }

    private static String required(String value, String source, String where, String key) {
        if (value == null) {
            throw new ProviderConfigException(source + ": " + where + ": missing required key '" + key + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String key, String source, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new ProviderConfigException(source + ": " + where + ": key '" + key + "' must be a string");
        }
        return v.asText();
    }

    private Integer integer(JsonNode node, String key, String source, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.asInt();
        }
        if (v.isTextual()) {
            String expanded = env.expand(v.asText()).trim();
            if (expanded.isEmpty()) {
                return null;
            }
            try {
                return Integer.parseInt(expanded);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ProviderConfigException(source + ": " + where + ": key '" + key + "' must be a whole number, not "
                + v);
    }

    private boolean bool(JsonNode node, String key, boolean dflt, String source, String where) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual()) {
            String s = env.expand(v.asText()).trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
            if (s.isEmpty()) {
                return dflt;
            }
        }
        throw new ProviderConfigException(source + ": " + where + ": key '" + key + "' must be true or false, not " + v);
    }
}
