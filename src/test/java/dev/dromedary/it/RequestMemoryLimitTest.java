package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.processor.RequestMemory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.dromedary.it.FakeUpstream.DONE;
import static dev.dromedary.it.FakeUpstream.finish;
import static dev.dromedary.it.FakeUpstream.list;
import static dev.dromedary.it.FakeUpstream.sse;
import static dev.dromedary.it.FakeUpstream.textChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Request bodies held at once are bounded (dromedary.max-inflight-request-bytes): beyond, a retryable 529 before the
 * body is read; a body larger than the whole budget, 413. A stream holds its share only until its answer streams.
 */
@TestPropertySource(properties = "dromedary.max-inflight-request-bytes=4000")
class RequestMemoryLimitTest extends BridgeTestBase {

    @Autowired
    RequestMemory memory;

    @Autowired
    MeterRegistry meters;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    /** A valid request of about {@code bytes} bytes. */
    private static String requestOf(int bytes, boolean stream) {
        String base = request("claude-sonnet-4-5", stream);
        return base.replace("\"hello\"", "\"" + "x".repeat(Math.max(1, bytes - base.length())) + "\"");
    }

    /** A completion the fake provider sends only once {@code go} is counted down. */
    private static FakeUpstream.Answer heldCompletion(CountDownLatch go) {
        return exchange -> {
            if (!go.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the provider");
            }
            FakeUpstream.completion("done", "stop").write(exchange);
        };
    }

    /** Sends a non-streaming request of 2500 bytes that stays in flight, its body held, until {@code go}. */
    private CompletableFuture<HttpResponse<String>> holdARequestOf2500Bytes(CountDownLatch go) {
        UPSTREAM.enqueue(heldCompletion(go));
        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/v1/messages", requestOf(2500, false));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().until(() -> UPSTREAM.requestCount() == 1);
        return held;
    }

    @AfterEach
    void nothingStaysHeld() {
        await().atMost(Duration.ofSeconds(5)).until(() -> memory.held() == 0);
    }

    @Test
    void aBodyLargerThanTheWholeBudgetGets413WithoutBeingRead() throws Exception {
        HttpResponse<String> resp = post("/v1/messages", requestOf(5000, false));

        assertThat(resp.statusCode()).isEqualTo(413);
        JsonNode error = parse(resp.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("request_too_large");
        assertThat(error.path("message").asText()).contains("dromedary.max-inflight-request-bytes");
        assertThat(UPSTREAM.requestCount()).isZero();
        // refused in the route, once authenticated: it leaves its usage record like any other request
        String id = resp.headers().firstValue("request-id").orElseThrow();
        await().until(() -> jdbc.queryForList("SELECT status FROM usage_request WHERE request_id = ?", Integer.class,
                id).equals(java.util.List.of(413)));
    }

    @Test
    void aRequestBeyondWhatIsHeldNowGets529UntilTheHeldOneIsAnswered() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> first = holdARequestOf2500Bytes(go);
        assertThat(memory.held()).isBetween(2400L, 2600L);

        HttpResponse<String> refused = post("/v1/messages", requestOf(2500, false));
        assertThat(refused.statusCode()).isEqualTo(529);
        assertThat(refused.headers().firstValue("retry-after")).hasValue("1");
        JsonNode error = parse(refused.body()).path("error");
        assertThat(parse(refused.body()).path("type").asText()).isEqualTo("error");
        assertThat(error.path("type").asText()).isEqualTo("overloaded_error");
        assertThat(error.path("message").asText()).contains("4000 bytes of request bodies");
        assertThat(post("/v1/messages/count_tokens", requestOf(2500, false)).statusCode())
                .as("count_tokens parses bodies too").isEqualTo(529);

        assertThat(meters.get("dromedary.requests.refused").tag("reason", "memory_full").counter().count())
                .isEqualTo(2);
        assertThat(meters.get("dromedary.request.bytes.held").gauge().value()).isBetween(2400.0, 2600.0);

        go.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        await().until(() -> memory.held() == 0);
        UPSTREAM.enqueue(FakeUpstream.completion("again", "stop"));
        assertThat(post("/v1/messages", requestOf(2500, false)).statusCode()).isEqualTo(200);
    }

    @Test
    void aStreamGivesItsShareBackOnceItsAnswerStreams() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        UPSTREAM.enqueue(sse(list(textChunk("one"), textChunk(" two"), finish("stop"), DONE), 1, resume));

        try (SseClient open = stream(requestOf(2500, true))) {
            open.await("content_block_delta");
            assertThat(memory.held()).as("the stream's body is no longer held").isZero();

            UPSTREAM.enqueue(FakeUpstream.completion("meanwhile", "stop"));
            assertThat(post("/v1/messages", requestOf(2500, false)).statusCode()).isEqualTo(200);

            resume.countDown();
            open.await("message_stop");
        }
        assertThat(memory.held()).isZero();
    }

    @Test
    void aBodyWithoutContentLengthIsCountedAsItIsRead() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> first = holdARequestOf2500Bytes(go);

        byte[] body = requestOf(2500, false).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(url("/v1/messages")))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(chunked.statusCode()).isEqualTo(529);
        assertThat(parse(chunked.body()).path("error").path("type").asText()).isEqualTo("overloaded_error");
        go.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
}
