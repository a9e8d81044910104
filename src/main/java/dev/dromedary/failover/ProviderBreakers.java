package dev.dromedary.failover;

import dev.dromedary.provider.ProviderConfig;
import dev.dromedary.provider.ProviderSet;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One resilience4j circuit breaker per provider, configured from provider.json's {@code circuit_breaker}: it opens
 * when the last {@code failure_threshold} calls all failed, lets one trial call through after
 * {@code recovery_timeout}, and closes when that succeeds. Each provider attempt asks its breaker first and
 * reports how it ended ({@code providerAttemptResult}); the admin API reads their state. Client errors (an upstream
 * 400) are not counted.
 */
@Component("providerBreakers")
public class ProviderBreakers {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderBreakers.class);

    /** What the admin API shows of a provider's recent calls. */
    /** @param lastLatencyMillis how long the last successful call took to answer (a stream: to its first event) */
    public record Health(Instant lastSuccess, Instant lastErrorAt, String lastError, Long lastLatencyMillis) {
    }

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    private final Map<String, Health> health = new ConcurrentHashMap<>();

    /** The breakers' state and calls as {@code resilience4j_circuitbreaker_*} metrics, tagged by provider name. */
    public ProviderBreakers(MeterRegistry meters) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    }

    /** The breaker of a provider, created on first use with the provider's settings. */
    public CircuitBreaker breaker(ProviderConfig provider) {
        return registry.find(provider.name()).orElseGet(() -> create(provider));
    }

    /** A new breaker for a provider whose breaker settings changed: the old one's state goes with them. */
    public synchronized CircuitBreaker replace(ProviderConfig provider) {
        registry.remove(provider.name());
        return create(provider);
    }

    /** Forgets the breaker of a provider that is gone. */
    public synchronized void remove(String provider) {
        registry.remove(provider);
        health.remove(provider);
    }

    /** Every breaker closed and its counts cleared, as after a start. */
    public void resetAll() {
        registry.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        health.clear();
    }

    public Health health(String provider) {
        return health.getOrDefault(provider, new Health(null, null, null, null));
    }

    private synchronized CircuitBreaker create(ProviderConfig provider) {
        var existing = registry.find(provider.name());
        if (existing.isPresent()) {
            return existing.get();
        }
        ProviderSet.CircuitBreakerSettings s = provider.breaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(s.failureThreshold())
                .minimumNumberOfCalls(s.failureThreshold())
                .failureRateThreshold(100)
                .waitDurationInOpenState(s.recoveryTimeout())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreException(Failures::clientFault)
                .build();
        CircuitBreaker breaker = registry.circuitBreaker(provider.name(), config);
        String name = provider.name();
        breaker.getEventPublisher()
                .onStateTransition(e -> LOG.warn("Circuit breaker of provider {}: {} -> {}", name,
                        e.getStateTransition().getFromState(), e.getStateTransition().getToState()))
                .onSuccess(e -> health.compute(name, (k, h) -> new Health(Instant.now(),
                        h == null ? null : h.lastErrorAt(), h == null ? null : h.lastError(),
                        e.getElapsedDuration().toMillis())))
                .onError(e -> health.compute(name, (k, h) -> new Health(h == null ? null : h.lastSuccess(),
                        Instant.now(), Failures.map(e.getThrowable(), name).getMessage(),
                        h == null ? null : h.lastLatencyMillis())));
        return breaker;
    }
}
