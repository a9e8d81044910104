package dev.dromedary.health;

import dev.dromedary.failover.ProviderBreakers;
import dev.dromedary.provider.ProviderConfig;
import dev.dromedary.provider.ProviderRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Part of readiness: up while at least one provider can take a request (configured usable and its circuit breaker
 * not open). With none, a replica has nothing to offer and should get no traffic.
 */
@Component("providers")
public class ProvidersHealthIndicator implements HealthIndicator {

    private final ProviderRegistry registry;
    private final ProviderBreakers breakers;

    public ProvidersHealthIndicator(ProviderRegistry registry, ProviderBreakers breakers) {
        this.registry = registry;
        this.breakers = breakers;
    }

    @Override
    public Health health() {
        Map<String, String> states = new LinkedHashMap<>();
        int available = 0;
        for (ProviderConfig p : registry.current().providers()) {
            if (!p.usable()) {
                states.put(p.name(), p.enabled() ? "skipped" : "disabled");
                continue;
            }
            CircuitBreaker.State state = breakers.breaker(p).getState();
            states.put(p.name(), state.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN) {
                available++;
            }
        }
        return (available > 0 ? Health.up() : Health.down()).withDetail("available", available)
                .withDetail("providers", states).build();
    }
}
