package dev.dromedary.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.seda.SedaEndpoint;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * Request metrics, one update per finished request from its {@link RequestRecord} (the same figures the usage
 * table gets), and the usage pipeline's own state. Names as Prometheus shows them: {@code dromedary_requests_total},
 * {@code dromedary_tokens_total}, {@code dromedary_request_duration_seconds}, {@code dromedary_ttft_seconds},
 * {@code dromedary_failovers_total}, {@code dromedary_usage_queue_depth}, {@code dromedary_usage_spooled_records}.
 */
@Component("usageMetrics")
public class UsageMetrics implements Processor {

    /** Buckets for answers that take from milliseconds (errors) to minutes (long streams). */
    private static final Duration[] DURATION_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);
    private static final Duration[] TTFT_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60);

    private final MeterRegistry registry;

    public UsageMetrics(MeterRegistry registry, UsageSpool spool, CamelContext camel) {
        this.registry = registry;
        Gauge.builder("dromedary.usage.queue.depth", camel, UsageMetrics::queueDepth)
                .description("usage records waiting in memory for the database").register(registry);
        Gauge.builder("dromedary.usage.spooled.records", spool, UsageSpool::spooled)
                .description("usage records on disk waiting for the database").register(registry);
    }

    /** The {@code usage-record} route's step: the exchange carries the record. */
    @Override
    public void process(Exchange exchange) {
        record(exchange.getMessage().getBody(RequestRecord.class));
    }

    /** Counts one finished request. */
    public void record(RequestRecord r) {
        String provider = orNone(r.provider());
        String model = orNone(r.upstreamModel() != null ? r.upstreamModel() : r.requestedModel());
        Tags tags = Tags.of("provider", provider, "model", model);
        Counter.builder("dromedary.requests").description("finished Messages requests")
                .tags(tags).tag("status", String.valueOf(r.status()))
                .tag("error_type", orNone(r.errorType())).tag("streaming", String.valueOf(r.streaming()))
                .register(registry).increment();
        tokens(tags, "input", r.inputTokens());
        tokens(tags, "output", r.outputTokens());
        tokens(tags, "cache_read", r.cacheReadTokens());
        Timer.builder("dromedary.request.duration").description("arrival to last byte")
                .tags("provider", provider, "streaming", String.valueOf(r.streaming()))
                .serviceLevelObjectives(DURATION_BUCKETS).register(registry)
                .record(Duration.ofMillis(r.durationMillis()));
        if (r.ttftMillis() != null) {
            Timer.builder("dromedary.ttft").description("arrival to the first content delta of a stream")
                    .tags("provider", provider).serviceLevelObjectives(TTFT_BUCKETS).register(registry)
                    .record(Duration.ofMillis(r.ttftMillis()));
        }
        List<RequestRecord.AttemptRecord> attempts = r.attempts();
        for (int i = 0; i + 1 < attempts.size(); i++) {
            Counter.builder("dromedary.failovers").description("failed provider attempts that another attempt followed")
                    .tag("provider", attempts.get(i).provider()).register(registry).increment();
        }
    }

    private void tokens(Tags tags, String type, Long count) {
        if (count != null && count > 0) {
            Counter.builder("dromedary.tokens").description("tokens by kind").tags(tags).tag("type", type)
                    .register(registry).increment(count);
        }
    }

    private static double queueDepth(CamelContext camel) {
        return camel.getEndpoints().stream().filter(e -> e instanceof SedaEndpoint s
                        && s.getEndpointUri().startsWith("seda://" + UsageRoutes.QUEUE_NAME))
                .mapToInt(e -> ((SedaEndpoint) e).getCurrentQueueSize()).sum();
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? "none" : value;
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofMillis((long) (values[i] * 1000));
        }
        return out;
    }
}
