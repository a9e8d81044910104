package dev.dromedary.config;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Tracing is on exactly when the environment names an exporter the standard OpenTelemetry way. */
class TracingConfigTest {

    @Test
    void offWithoutAnExporter() {
        assertThat(TracingConfig.exporterConfigured(new MockEnvironment())).isFalse();
        assertThat(TracingConfig.exporterConfigured(new MockEnvironment().withProperty("otel.traces.exporter", "none")))
                .isFalse();
        assertThat(TracingConfig.exporterConfigured(new MockEnvironment().withProperty("otel.service.name", "x")))
                .isFalse();
    }

    @Test
    void onWithAnEndpointOrAnExporter() {
        assertThat(TracingConfig.exporterConfigured(
                new MockEnvironment().withProperty("otel.exporter.otlp.endpoint", "http://collector:4318"))).isTrue();
        assertThat(TracingConfig.exporterConfigured(
                new MockEnvironment().withProperty("otel.exporter.otlp.traces.endpoint", "http://c:4318/v1/traces")))
                .isTrue();
        assertThat(TracingConfig.exporterConfigured(new MockEnvironment().withProperty("otel.traces.exporter", "otlp")))
                .isTrue();
    }
}
