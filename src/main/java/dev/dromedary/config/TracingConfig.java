package dev.dromedary.config;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry.OpenTelemetryTracer;
import org.apache.camel.opentelemetry.OpenTelemetryTracingStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenTelemetry tracing, on only when an exporter is configured the standard way ({@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} or {@code OTEL_TRACES_EXPORTER}); off, it costs nothing. Camel's tracer
 * then makes a span per route and endpoint (the request, each provider attempt, the usage write) and per named
 * processor (the conversions). The SDK reads every other {@code OTEL_*} variable itself.
 * <p>
 * Decided when the bean is made, not by a bean condition: the fast-start launch runs Spring's AOT-generated bean
 * definitions, whose conditions were settled at build time, where no exporter is configured.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfig {

    /** The {@code otel.*} keys also taken from Spring's environment (command line, application.yaml, tests). */
    private static final List<String> KEYS = List.of("otel.exporter.otlp.endpoint", "otel.exporter.otlp.traces.endpoint",
            "otel.exporter.otlp.protocol", "otel.traces.exporter", "otel.service.name", "otel.bsp.schedule.delay",
            "otel.traces.sampler", "otel.traces.sampler.arg");

    /** The SDK exporting Camel's spans, if an exporter is configured; closed (flushing its spans) at shutdown. */
    public record Tracing(Optional<OpenTelemetrySdk> sdk) implements AutoCloseable {
        @Override
        public void close() {
            sdk.ifPresent(OpenTelemetrySdk::close);
        }
    }

    static boolean exporterConfigured(Environment env) {
        String exporter = env.getProperty("otel.traces.exporter", "");
        return env.containsProperty("otel.exporter.otlp.endpoint")
                || env.containsProperty("otel.exporter.otlp.traces.endpoint")
                || (!exporter.isBlank() && !exporter.equals("none"));
    }

    @Bean(destroyMethod = "close")
    Tracing tracing(CamelContext camel, Environment env) {
        if (!exporterConfigured(env)) {
            return new Tracing(Optional.empty());
        }
        OpenTelemetrySdk sdk = sdk(env);
        OpenTelemetryTracer tracer = new OpenTelemetryTracer();
        tracer.setTracer(sdk.getTracer("dromedary"));
        tracer.setContextPropagators(sdk.getPropagators());
        OpenTelemetryTracingStrategy processors = new OpenTelemetryTracingStrategy(tracer);
        processors.setPropagateContext(true);
        tracer.setTracingStrategy(processors);
        tracer.init(camel);
        return new Tracing(Optional.of(sdk));
    }

    private static OpenTelemetrySdk sdk(Environment env) {
        Map<String, String> props = new HashMap<>(Map.of("otel.service.name", "dromedary",
                "otel.metrics.exporter", "none", "otel.logs.exporter", "none"));
        for (String key : KEYS) {
            String value = env.getProperty(key);
            if (value != null) {
                props.put(key, value);
            }
        }
        return AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> props).build()
                .getOpenTelemetrySdk();
    }
}
