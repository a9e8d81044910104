package dev.dromedary.provider;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The whole of provider.json: providers sorted by priority (lower first; file order breaks ties), and the global
 * failover settings.
 */
public record ProviderSet(String source, List<ProviderConfig> providers, String fallbackStrategy,
                          CircuitBreakerSettings circuitBreaker) {

    public record CircuitBreakerSettings(int failureThreshold, Duration recoveryTimeout) {
        public static final CircuitBreakerSettings DEFAULT = new CircuitBreakerSettings(5, Duration.ofSeconds(60));
    }

    public ProviderSet {
        providers = providers.stream().sorted(Comparator.comparingInt(ProviderConfig::priority)).toList();
    }

    public List<ProviderConfig> usable() {
        return providers.stream().filter(ProviderConfig::usable).toList();
    }

    public static ProviderSet empty(String source) {
        return new ProviderSet(source, List.of(), "priority", CircuitBreakerSettings.DEFAULT);
    }
}
