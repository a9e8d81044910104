package dev.dromedary.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With an OTLP endpoint configured, a request leaves a trace: spans for the request's route, the provider attempt,
 * the conversions and the usage write, exported to a collector (a fake one on loopback; OTLP's protobuf carries
 * span names and attributes as plain UTF-8, which is what is checked).
 */
class TracingTest extends BridgeTestBase {

    private static final FakeUpstream COLLECTOR;

    static {
        try {
            COLLECTOR = new FakeUpstream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void otlp(DynamicPropertyRegistry registry) {
        registry.add("otel.exporter.otlp.endpoint", () -> "http://127.0.0.1:" + COLLECTOR.port());
        registry.add("otel.exporter.otlp.protocol", () -> "http/protobuf");
        registry.add("otel.bsp.schedule.delay", () -> "100");
    }

    @AfterAll
    static void stop() {
        COLLECTOR.close();
    }

    @Test
    void aRequestIsTracedAcrossRoutesProcessorsAndTheUsageWrite() throws Exception {
        COLLECTOR.answerBy(r -> FakeUpstream.json(200, ""));
        UPSTREAM.enqueue(FakeUpstream.completion("traced", "stop"));
        assertThat(post("/v1/messages", request("claude-sonnet-4-5", false)).statusCode()).isEqualTo(200);

        List<String> exported = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            exported.addAll(COLLECTOR.takeAll());
            String all = String.join("\n", exported);
            return all.contains("provider-fake") && all.contains("convert-request") && all.contains("usage-insert");
        });
        String all = String.join("\n", exported);
        assertThat(all).contains("/v1/traces").contains("dromedary").contains("anthropic-messages")
                .contains("convert-answer").contains("call-provider").contains("parse-request");
    }
}
