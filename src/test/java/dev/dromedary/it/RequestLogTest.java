package dev.dromedary.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One human-readable log line per finished request, naming the provider that answered. */
@ExtendWith(OutputCaptureExtension.class)
class RequestLogTest extends BridgeTestBase {

    @Test
    void eachFinishedRequestLogsOneLine(CapturedOutput log) throws Exception {
        UPSTREAM.enqueue(FakeUpstream.completion("hi", "stop"));
        HttpResponse<String> r = post("/v1/messages", request("claude-sonnet-4-5", false));
        String id = r.headers().firstValue("request-id").orElseThrow();

        await().atMost(Duration.ofSeconds(5)).until(() -> log.getOut().contains(id + " - claude-sonnet-4-5"));
        String line = log.getOut().lines().filter(l -> l.contains(id + " - ")).findFirst().orElseThrow();
        assertThat(line).contains("dromedary.requests").contains("-> fake (middle-model) 200 in=12 out=5 cached=0")
                .containsPattern(" \\d+ ms");
        assertThat(log.getOut().lines().filter(l -> l.contains(id + " - ")).count()).isEqualTo(1);
    }
}
