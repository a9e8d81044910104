package dev.dromedary.provider;

import dev.dromedary.convert.ConversionOptions;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One provider of provider.json after {@code ${ENV}} expansion.
 *
 * @param weight     share of first attempts under {@code fallback_strategy: "weighted"}
 * @param apiKey     null when the provider needs none (no {@code api_key} or an empty one)
 * @param skipReason why the provider cannot be used (its key expanded to nothing), or null
 * @param quirks     what the provider accepts beyond the common Chat Completions subset
 * @param breaker    its circuit breaker: provider.json's global {@code circuit_breaker} with this provider's overrides
 * @param generation counts how often the provider's route had to be replaced at run time (see {@link #routeShape()})
 */
public record ProviderConfig(
        String name,
        boolean enabled,
        int priority,
        int weight,
        String apiKey,
        String baseUrl,
        Duration timeout,
        int maxRetries,
        Map<Tier, List<String>> models,
        ApiFormat apiFormat,
        Integer maxTokensLimit,
        Map<String, String> customHeaders,
        Quirks quirks,
        ProviderSet.CircuitBreakerSettings breaker,
        String skipReason,
        int generation) {

    public record Quirks(boolean reasoningEffort, boolean reasoningContentHistory, boolean pdfInput,
                         boolean systemInPlace, boolean maxCompletionTokens) {
        public static final Quirks NONE = new Quirks(false, false, false, false, false);
    }

    /** A URL whose path (after scheme and host) has a segment such as {@code v1}, {@code v3}, {@code v1beta}. */
    private static final java.util.regex.Pattern VERSIONED_PATH =
            java.util.regex.Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]+(/.*)?/v\\d+[a-z]*(/.*)?$");

    /**
     * What the provider's route is built from. When it changes at run time the provider gets a new route (a new
     * generation) and the old one finishes its requests; any other change takes effect with the next request.
     */
    public record RouteShape(ApiFormat apiFormat, String url, java.time.Duration timeout,
                             ProviderSet.CircuitBreakerSettings breaker) {
    }

    public RouteShape routeShape() {
        return new RouteShape(apiFormat, apiFormat == ApiFormat.ANTHROPIC ? messagesUrl() : chatCompletionsUrl(),
                timeout, breaker);
    }

    public ProviderConfig withSkipReason(String reason) {
        return new ProviderConfig(name, enabled, priority, weight, apiKey, baseUrl, timeout, maxRetries, models,
                apiFormat, maxTokensLimit, customHeaders, quirks, breaker, reason, generation);
    }

    public ProviderConfig withGeneration(int next) {
        return new ProviderConfig(name, enabled, priority, weight, apiKey, baseUrl, timeout, maxRetries, models,
                apiFormat, maxTokensLimit, customHeaders, quirks, breaker, skipReason, next);
    }

    public boolean usable() {
        return enabled && skipReason == null;
    }

    public List<String> models(Tier tier) {
        return models.getOrDefault(tier, List.of());
    }

    public boolean serves(String model) {
        return models.values().stream().anyMatch(list -> list.contains(model));
    }

    public ConversionOptions conversionOptions() {
        return new ConversionOptions(name, maxTokensLimit, quirks.reasoningEffort(), quirks.reasoningContentHistory(),
                quirks.pdfInput(), quirks.systemInPlace(), quirks.maxCompletionTokens());
    }

    /**
     * Where chat completions are posted: {@code base_url} may end in the full path, or have a version segment in
     * its path ({@code /v1}, {@code /api/v3}, Gemini's {@code /v1beta/openai}, ...); otherwise {@code /v1} is added.
     */
    public String chatCompletionsUrl() {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (base.endsWith("/chat/completions")) {
            return base;
        }
        return (VERSIONED_PATH.matcher(base).matches() ? base : base + "/v1") + "/chat/completions";
    }

    /**
     * Where an Anthropic-format provider's messages are posted: {@code base_url} may end in {@code /v1/messages} or
     * {@code /v1}; otherwise {@code /v1/messages} is added (as Anthropic's SDKs do with a base URL).
     */
    public String messagesUrl() {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (base.endsWith("/messages")) {
            return base;
        }
        return base + (base.endsWith("/v1") ? "/messages" : "/v1/messages");
    }

    /**
     * The {@code direct:} endpoint of this provider's route. A request that chose a route being retired finds no
     * consumer there: {@code block=false} fails that attempt over at once instead of waiting for one.
     */
    public String endpointUri() {
        return "direct:" + routeId() + "?block=false";
    }

    /**
     * The route id of this provider: {@code provider-} and its name in kebab case; from its second generation on,
     * {@code -v<generation>} follows.
     */
    public String routeId() {
        String id = "provider-" + name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        return generation > 1 ? id + "-v" + generation : id;
    }

    @Override
    public String toString() {
        // the key stays out of every log line that prints a provider
        return "ProviderConfig[name=" + name + ", enabled=" + enabled + ", priority=" + priority + ", baseUrl="
                + baseUrl + ", apiFormat=" + apiFormat + ", skipReason=" + skipReason + "]";
    }
}
