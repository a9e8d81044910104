package dev.dromedary.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dromedary.failover.ProviderBreakers;
import dev.dromedary.processor.HttpReply;
import dev.dromedary.provider.ProviderConfig;
import dev.dromedary.provider.ProviderRegistry;
import dev.dromedary.provider.ProviderSet;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /admin/api/providers}: every provider in force (provider.json's and the admin API's), in priority order, with its circuit breaker
 * and recent calls. Keys are never shown, only whether one is set.
 */
@Component("providerStatus")
public class ProviderStatus implements Processor {

    /** @param failureRate percent of the calls in the breaker's window that failed; null before any call */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Breaker(String state, Double failureRate, int bufferedCalls, int failedCalls,
                          long notPermittedCalls, int failureThreshold, long recoveryTimeoutSeconds) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Provider(String name, String definedBy, String routeId, boolean enabled, boolean usable, String skipReason,
                           int priority, int weight, String apiFormat, String baseUrl, boolean apiKeySet,
                           Map<String, List<String>> models, Breaker breaker, String lastSuccess,
                           String lastErrorAt, String lastError, Long lastLatencyMs) {
    }

    /** @param reloadError why the last change of provider.json was not applied (the providers shown stay), or null */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Listing(String source, String fallbackStrategy, String reloadError, List<Provider> providers) {
    }

    private final ProviderRegistry registry;
    private final ProviderBreakers breakers;

    public ProviderStatus(ProviderRegistry registry, ProviderBreakers breakers) {
        this.registry = registry;
        this.breakers = breakers;
    }

    @Override
    public void process(Exchange exchange) {
        HttpReply.json(exchange, 200, listing());
    }

    public Listing listing() {
        ProviderSet set = registry.current();
        return new Listing(set.source(), set.fallbackStrategy(), registry.reloadError(),
                set.providers().stream().map(this::provider).toList());
    }

    private Provider provider(ProviderConfig p) {
        Map<String, List<String>> models = new TreeMap<>();
        p.models().forEach((tier, names) -> models.put(tier.key(), names));
        ProviderBreakers.Health health = breakers.health(p.name());
        return new Provider(p.name(), registry.adminManaged(p.name()) ? "admin" : "file", p.routeId(), p.enabled(), p.usable(), p.skipReason(), p.priority(), p.weight(),
                p.apiFormat().name().toLowerCase(Locale.ROOT), p.baseUrl(), p.apiKey() != null, models,
                p.usable() ? breaker(breakers.breaker(p), p) : null,
                iso(health.lastSuccess()), iso(health.lastErrorAt()), health.lastError(), health.lastLatencyMillis());
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Breaker breaker(CircuitBreaker b, ProviderConfig p) {
        CircuitBreaker.Metrics m = b.getMetrics();
        // over the calls in the window, also before the window is full (resilience4j says -1 until then)
        Double rate = m.getNumberOfBufferedCalls() == 0 ? null
                : 100.0 * m.getNumberOfFailedCalls() / m.getNumberOfBufferedCalls();
        return new Breaker(b.getState().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                rate, m.getNumberOfBufferedCalls(), m.getNumberOfFailedCalls(),
                m.getNumberOfNotPermittedCalls(), p.breaker().failureThreshold(),
                p.breaker().recoveryTimeout().toSeconds());
    }
}
