package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.processor.AdmitStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;

import static dev.dromedary.it.FakeUpstream.DONE;
import static dev.dromedary.it.FakeUpstream.finish;
import static dev.dromedary.it.FakeUpstream.list;
import static dev.dromedary.it.FakeUpstream.sse;
import static dev.dromedary.it.FakeUpstream.textChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Streams beyond the cap are refused with a retryable 529; the cap frees up when a stream ends. */
@TestPropertySource(properties = "dromedary.stream.max-concurrent=1")
class StreamAdmissionTest extends BridgeTestBase {

    @Autowired
    AdmitStream admission;

    @Test
    void secondStreamIsRefusedWhileTheFirstIsOpenAndAdmittedAfter() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        UPSTREAM.enqueue(sse(list(textChunk("one"), textChunk(" two"), finish("stop"), DONE), 1, resume));

        try (SseClient first = stream(request("claude-sonnet-4-5", true))) {
            first.await("content_block_delta");

            HttpResponse<String> refused = post("/v1/messages", request("claude-sonnet-4-5", true));
            assertThat(refused.statusCode()).isEqualTo(529);
            assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
            JsonNode error = parse(refused.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("overloaded_error");
            assertThat(error.path("message").asText()).contains("maximum of 1 concurrent streams");

            UPSTREAM.enqueue(FakeUpstream.completion("plain requests are not capped", "stop"));
            assertThat(post("/v1/messages", request("claude-sonnet-4-5", false)).statusCode()).isEqualTo(200);

            resume.countDown();
            first.await("message_stop");
        }
        // the place is given back once the relay has finished with the stream, just after its last byte went out
        await().until(() -> admission.open() == 0);

        UPSTREAM.enqueue(sse(list(textChunk("again"), finish("stop"), DONE)));
        try (SseClient next = stream(request("claude-sonnet-4-5", true))) {
            assertThat(next.response().statusCode()).isEqualTo(200);
            next.await("message_stop");
        }
    }
}
