package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.dromedary.it.FakeUpstream.DONE;
import static dev.dromedary.it.FakeUpstream.finish;
import static dev.dromedary.it.FakeUpstream.list;
import static dev.dromedary.it.FakeUpstream.sse;
import static dev.dromedary.it.FakeUpstream.textChunk;
import static dev.dromedary.it.FakeUpstream.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Prometheus scrape has the series the README and the shipped Grafana dashboard name. (Spring Boot turns
 * metrics export off in tests unless asked: {@code AutoConfigureObservability}.)
 */
@AutoConfigureObservability(tracing = false)
class MetricsTest extends BridgeTestBase {

    private static final Pattern METRIC = Pattern.compile("\\b((?:dromedary|camel|resilience4j)_[a-z0-9_]+)");

    private String scrape() throws Exception {
        HttpResponse<String> r = get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void requestsTokensLatencyFailoversBreakersAndTheUsageQueueAreScraped() throws Exception {
        UPSTREAM.enqueue(FakeUpstream.completion("plain", "stop"));
        assertThat(post("/v1/messages", request("claude-sonnet-4-5", false)).statusCode()).isEqualTo(200);
        UPSTREAM.enqueue(sse(list(textChunk("hi"), finish("stop"), usage(11, 2, 3), DONE)));
        try (SseClient c = stream(request("claude-sonnet-4-5", true))) {
            c.await("message_stop");
        }
        // fake fails, the next provider of the tier (slow, on the same fake server) answers: one failover
        UPSTREAM.enqueue(FakeUpstream.json(503, "{}"));
        UPSTREAM.enqueue(FakeUpstream.completion("after failover", "stop"));
        assertThat(post("/v1/messages", request("claude-sonnet-4-5", false)).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> scrape().contains("dromedary_failovers_total{provider=\"fake\"}"));
        String scrape = scrape();

        assertThat(scrape)
                .containsPattern("dromedary_requests_total\\{[^}]*model=\"middle-model\"[^}]*provider=\"fake\"[^}]*status=\"200\"[^}]*streaming=\"true\"")
                .containsPattern("dromedary_tokens_total\\{model=\"middle-model\",provider=\"fake\",type=\"cache_read\"} [1-9]")
                .containsPattern("dromedary_tokens_total\\{model=\"middle-model\",provider=\"fake\",type=\"output\"} [1-9]")
                .contains("dromedary_request_duration_seconds_bucket{provider=\"fake\",streaming=\"false\",le=\"0.25\"}")
                .contains("dromedary_ttft_seconds_bucket{provider=\"fake\",le=\"0.5\"}")
                .contains("dromedary_requests_total{error_type=\"none\",model=\"slow-model\",provider=\"slow\"")
                .contains("dromedary_usage_queue_depth")
                .contains("dromedary_usage_spooled_records 0.0")
                .containsPattern("resilience4j_circuitbreaker_state\\{name=\"fake\",state=\"closed\"} 1.0")
                .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"anthropic-messages\"")
                .containsPattern("camel_route_policy_seconds_count\\{[^}]*routeId=\"anthropic-messages\"} [1-9]")
                // internal hops of every request carry no route policy of their own
                .doesNotContainPattern("camel_exchanges_total\\{[^}]*routeId=\"(dispatch|provider-attempt)\"")
                .doesNotContain("logback_events_total");
    }

    @Test
    void everySeriesTheGrafanaDashboardQueriesExists() throws Exception {
        UPSTREAM.enqueue(FakeUpstream.json(503, "{}"));
        UPSTREAM.enqueue(sse(list(textChunk("hi"), finish("stop"), usage(11, 2, 3), DONE)));
        try (SseClient c = stream(request("claude-sonnet-4-5", true))) {
            c.await("message_stop");
        }
        JsonNode dashboard = Json.MAPPER.readTree(Files.readString(Path.of("k8s/grafana/dromedary-dashboard.json")));
        Set<String> queried = new TreeSet<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            Matcher m = METRIC.matcher(expr.asText());
            while (m.find()) {
                queried.add(m.group(1));
            }
        }
        assertThat(queried).hasSizeGreaterThan(8);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String scrape = scrape();
            for (String metric : queried) {
                assertThat(scrape).as(metric).containsPattern("(?m)^" + metric + "[{ ]");
            }
        });
    }
}
