package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.failover.ProviderBreakers;
import dev.dromedary.provider.ProviderRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Liveness and readiness probes, and the admin health report. Its own context: it opens every breaker. */
@TestPropertySource(properties = "dromedary.health.database-down-after=2s")
class HealthTest extends BridgeTestBase {

    @Autowired
    ProviderBreakers breakers;
    @Autowired
    ProviderRegistry registry;

    @Test
    void readinessFollowsWhetherAnyProviderCanAnswer() throws Exception {
        UPSTREAM.enqueue(FakeUpstream.completion("hi", "stop"));
        assertThat(post("/v1/messages", request("claude-sonnet-4-5", false)).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        JsonNode report = parse(get("/admin/api/health").body());
        assertThat(report.path("readiness").asText()).isEqualTo("UP");
        JsonNode fake = report.path("providers").findParents("name").stream()
                .filter(p -> p.path("name").asText().equals("fake")).findFirst().orElseThrow();
        assertThat(fake.path("breaker").path("state").asText()).isEqualTo("closed");
        assertThat(fake.path("last_success").asText()).isNotEmpty();
        assertThat(fake.path("last_latency_ms").isNumber()).isTrue();

        try {
            registry.current().usable().forEach(p -> breakers.breaker(p).transitionToForcedOpenState());

            HttpResponse<String> readiness = get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("DOWN");
            assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
            assertThat(parse(get("/admin/api/health").body()).path("readiness").asText()).isEqualTo("DOWN");
        } finally {
            breakers.resetAll();
        }
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }
}
