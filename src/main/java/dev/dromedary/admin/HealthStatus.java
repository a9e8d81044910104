package dev.dromedary.admin;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dromedary.processor.HttpReply;
import dev.dromedary.usage.UsageSpool;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * {@code GET /admin/api/health}: readiness as the probes see it, each provider's state (breaker, last success,
 * last error, latency of its last answer) and the usage pipeline's backlog.
 */
@Component("healthStatus")
public class HealthStatus implements Processor {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Report(String readiness, HealthComponent checks, List<ProviderStatus.Provider> providers,
                         long usageSpooledRecords) {
    }

    private final HealthEndpoint health;
    private final ProviderStatus providers;
    private final UsageSpool spool;

    public HealthStatus(HealthEndpoint health, ProviderStatus providers, UsageSpool spool) {
        this.health = health;
        this.providers = providers;
        this.spool = spool;
    }

    @Override
    public void process(Exchange exchange) {
        HealthComponent readiness = health.healthForPath("readiness");
        HttpReply.json(exchange, 200, new Report(readiness.getStatus().getCode(), readiness,
                providers.listing().providers(), spool.spooled()));
    }
}
