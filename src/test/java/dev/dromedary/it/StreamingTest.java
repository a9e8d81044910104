package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.HotSpotDiagnosticMXBean;
import dev.dromedary.api.Json;
import dev.dromedary.stream.PingTicker;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static dev.dromedary.it.FakeUpstream.DONE;
import static dev.dromedary.it.FakeUpstream.finish;
import static dev.dromedary.it.FakeUpstream.list;
import static dev.dromedary.it.FakeUpstream.reasoningChunk;
import static dev.dromedary.it.FakeUpstream.sse;
import static dev.dromedary.it.FakeUpstream.textChunk;
import static dev.dromedary.it.FakeUpstream.toolArgs;
import static dev.dromedary.it.FakeUpstream.toolStart;
import static dev.dromedary.it.FakeUpstream.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Streamed answers: the Anthropic event grammar, delivered while the provider is still sending. */
class StreamingTest extends BridgeTestBase {

    @Autowired
    CamelContext camel;
    @Autowired
    PingTicker pings;

    @Test
    void plainTextStreamFollowsTheGrammar() throws Exception {
        UPSTREAM.enqueue(sse(list(textChunk("Hel"), textChunk("lo"), finish("stop"), usage(11, 2, 3), DONE)));

        try (SseClient client = stream(request("claude-sonnet-4-5", true))) {
            assertThat(client.response().statusCode()).isEqualTo(200);
            assertThat(client.response().headers().firstValue("content-type")).hasValue("text/event-stream");
            assertThat(client.response().headers().firstValue("cache-control")).hasValue("no-cache");
            assertThat(client.response().headers().firstValue("request-id")).isPresent();
            List<SseClient.Event> events = withoutPings(client.rest());

            assertThat(events).extracting(SseClient.Event::type).containsExactly("message_start",
                    "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                    "message_delta", "message_stop");
            events.forEach(e -> assertThat(e.name()).isEqualTo(e.type()));
            JsonNode start = events.getFirst().data().path("message");
            assertThat(start.path("model").asText()).isEqualTo("claude-sonnet-4-5");
            assertThat(start.path("usage").has("input_tokens")).isTrue();
            assertThat(start.path("usage").has("output_tokens")).isTrue();
            assertThat(text(events)).isEqualTo("Hello");
            JsonNode delta = events.get(5).data();
            assertThat(delta.path("delta").path("stop_reason").asText()).isEqualTo("end_turn");
            assertThat(delta.path("usage").path("output_tokens").asInt()).isEqualTo(2);
            assertThat(delta.path("usage").path("input_tokens").asInt()).isEqualTo(8);
            assertThat(delta.path("usage").path("cache_read_input_tokens").asInt()).isEqualTo(3);
            // each frame is exactly "event: X\ndata: <one-line JSON>"
            events.forEach(e -> assertThat(e.rawData()).doesNotContain("\n"));
        }
        JsonNode upstream = Json.MAPPER.readTree(UPSTREAM.takeRequest().body());
        assertThat(upstream.path("stream").asBoolean()).isTrue();
        assertThat(upstream.path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void textThenToolKeepsTheTextAndClosesItBeforeTheTool() throws Exception {
        UPSTREAM.enqueue(sse(list(textChunk("Let me check the file"), toolStart(0, "call_1", "Read"),
                toolArgs(0, "{\"file_path\":"), toolArgs(0, "\"/etc/hosts\"}"), finish("tool_calls"), DONE)));

        try (SseClient client = stream(request("claude-sonnet-4-5", true))) {
            List<SseClient.Event> events = withoutPings(client.rest());

            assertThat(events).extracting(SseClient.Event::type).containsExactly("message_start",
                    "content_block_start", "content_block_delta", "content_block_stop",
                    "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                    "message_delta", "message_stop");
            assertThat(events.get(1).data().path("index").asInt()).isZero();
            assertThat(events.get(4).data().path("index").asInt()).isEqualTo(1);
            JsonNode tool = events.get(4).data().path("content_block");
            assertThat(tool.path("type").asText()).isEqualTo("tool_use");
            assertThat(tool.path("id").asText()).isEqualTo("call_1");
            assertThat(tool.path("name").asText()).isEqualTo("Read");
            assertThat(tool.path("input").isObject()).isTrue();
            String args = events.get(5).data().path("delta").path("partial_json").asText()
                    + events.get(6).data().path("delta").path("partial_json").asText();
            assertThat(Json.MAPPER.readTree(args).path("file_path").asText()).isEqualTo("/etc/hosts");
            assertThat(events.get(8).data().path("delta").path("stop_reason").asText()).isEqualTo("tool_use");
        }
    }

    @Test
    void twoParallelToolsGetTwoBlocks() throws Exception {
        UPSTREAM.enqueue(sse(list(toolStart(0, "call_a", "Read"), toolArgs(0, "{\"file_path\":\"/a\"}"),
                toolStart(1, "call_b", "Read"), toolArgs(1, "{\"file_path\":\"/b\"}"), finish("tool_calls"), DONE)));

        try (SseClient client = stream(request("claude-sonnet-4-5", true))) {
            List<SseClient.Event> starts = withoutPings(client.rest()).stream()
                    .filter(e -> e.type().equals("content_block_start")).toList();

            assertThat(starts).hasSize(2);
            assertThat(starts.get(0).data().path("index").asInt()).isZero();
            assertThat(starts.get(0).data().path("content_block").path("id").asText()).isEqualTo("call_a");
            assertThat(starts.get(1).data().path("index").asInt()).isEqualTo(1);
            assertThat(starts.get(1).data().path("content_block").path("id").asText()).isEqualTo("call_b");
        }
    }

    @Test
    void reasoningStreamsAsAThinkingBlockWithSignature() throws Exception {
        UPSTREAM.enqueue(sse(list(reasoningChunk("Hmm"), reasoningChunk(", yes."), textChunk("Answer"),
                finish("stop"), DONE)));

        try (SseClient client = stream(request("claude-opus-4", true))) {
            List<SseClient.Event> events = withoutPings(client.rest());

            assertThat(events.get(1).data().path("content_block").path("type").asText()).isEqualTo("thinking");
            List<String> deltaTypes = events.stream().filter(e -> e.type().equals("content_block_delta"))
                    .map(e -> e.data().path("delta").path("type").asText()).toList();
            assertThat(deltaTypes).containsExactly("thinking_delta", "thinking_delta", "signature_delta", "text_delta");
        }
    }

    /**
     * The upstream sends one chunk and then waits until the client has received it: a bridge that buffered the
     * answer would deadlock here and the test would fail after five seconds.
     */
    @Test
    void eventsReachTheClientWhileTheUpstreamIsPaused() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        UPSTREAM.enqueue(sse(list(textChunk("first"), textChunk(" second"), finish("stop"), DONE), 1, resume));

        try (SseClient client = stream(request("claude-sonnet-4-5", true))) {
            SseClient.Event first = client.await("content_block_delta");
            assertThat(first.data().path("delta").path("text").asText()).isEqualTo("first");
            assertThat(resume.getCount()).as("the upstream is still paused").isEqualTo(1);

            resume.countDown();
            assertThat(client.await("content_block_delta").data().path("delta").path("text").asText())
                    .isEqualTo(" second");
            client.await("message_stop");
        }
    }

    /**
     * An open stream parks one shallow relay thread, not the request's thread under Jetty and the servlet filters:
     * its stack stays in the heap for as long as the stream lasts (bench/RESULTS.md, step 14).
     */
    @Test
    void anOpenStreamParksOnlyAShallowRelayThread() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        UPSTREAM.enqueue(sse(list(textChunk("first"), textChunk(" second"), finish("stop"), DONE), 1, resume));

        try (SseClient client = stream(request("claude-sonnet-4-5", true))) {
            client.await("content_block_delta");
            List<List<String>> relays = await().until(() -> stacksWith("SseRelay.writeTo"), r -> !r.isEmpty());

            assertThat(relays).hasSize(1);
            assertThat(relays.getFirst()).as("the relay's frames")
                    .hasSizeLessThan(40)
                    .noneMatch(frame -> frame.contains("org.eclipse.jetty") || frame.contains("doFilter"));
            resume.countDown();
            client.await("message_stop");
        }
    }

    /** The stacks of all threads, virtual ones included, that have a frame containing {@code frame}. */
    private static List<List<String>> stacksWith(String frame) throws Exception {
        Path dump = Files.createTempFile("threads", ".json");
        try {
            Files.delete(dump);
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            List<List<String>> stacks = new ArrayList<>();
            for (JsonNode container : Json.MAPPER.readTree(dump.toFile()).path("threadDump").path("threadContainers")) {
                for (JsonNode thread : container.path("threads")) {
                    List<String> frames = new ArrayList<>();
                    thread.path("stack").forEach(f -> frames.add(f.asText()));
                    if (frames.stream().anyMatch(f -> f.contains(frame))) {
                        stacks.add(frames);
                    }
                }
            }
            return stacks;
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    /** The provider answers (its first chunk names the role, as OpenAI's does) and then thinks for a while. */
    @Test
    void pingsKeepASlowStreamAlive() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        UPSTREAM.enqueue(sse(list(FakeUpstream.roleChunk(), textChunk("late"), finish("stop"), DONE), 1, resume));

        try (SseClient client = stream(request("claude-sonnet-4-5", true))) {
            assertThat(client.next().type()).isEqualTo("message_start");
            assertThat(client.next().type()).isEqualTo("ping");
            // the interval is 300 ms in tests: more pings come while the upstream thinks
            assertThat(client.next().type()).isEqualTo("ping");
            assertThat(client.next().type()).isEqualTo("ping");
            resume.countDown();
            assertThat(client.await("content_block_delta").data().path("delta").path("text").asText()).isEqualTo("late");
            client.await("message_stop");
        }
    }

    @Test
    void upstreamErrorChunkMidStreamBecomesErrorEvent() throws Exception {
        UPSTREAM.enqueue(sse(list(textChunk("partial"), "{\"error\":{\"message\":\"model crashed\"}}")));

        try (SseClient client = stream(request("claude-sonnet-4-5", true))) {
            List<SseClient.Event> events = withoutPings(client.rest());

            SseClient.Event last = events.getLast();
            assertThat(last.type()).isEqualTo("error");
            assertThat(last.name()).isEqualTo("error");
            assertThat(last.data().path("error").path("type").asText()).isIn("api_error", "overloaded_error");
            assertThat(last.data().path("error").path("message").asText()).contains("model crashed");
            assertThat(events).extracting(SseClient.Event::type).doesNotContain("message_stop");
        }
    }

    @Test
    void upstreamCutWithoutFinishBecomesErrorEventNotAFakeStop() throws Exception {
        UPSTREAM.enqueue(sse(list(textChunk("partial"))));

        try (SseClient client = stream(request("claude-sonnet-4-5", true))) {
            List<SseClient.Event> events = withoutPings(client.rest());

            assertThat(events.getLast().type()).isEqualTo("error");
            assertThat(events).extracting(SseClient.Event::type).doesNotContain("message_stop", "message_delta");
        }
    }

    @Test
    void upstreamFailureBeforeTheStreamIsAPlainErrorAnswer() throws Exception {
        UPSTREAM.enqueue(FakeUpstream.json(503, "{\"error\":{\"message\":\"busy\"}}"));

        // the exact model: one provider serves it, so its own error comes back (no failover)
        try (SseClient client = stream(request("middle-model", true))) {
            assertThat(client.response().statusCode()).isEqualTo(529);
        }
    }

    @Test
    void providerThatIgnoresStreamTrueIsStillAnsweredAsAStream() throws Exception {
        UPSTREAM.enqueue(FakeUpstream.completion("whole answer", "stop"));

        try (SseClient client = stream(request("claude-sonnet-4-5", true))) {
            List<SseClient.Event> events = withoutPings(client.rest());

            assertThat(text(events)).isEqualTo("whole answer");
            assertThat(events.getLast().type()).isEqualTo("message_stop");
        }
    }

    @Test
    void clientLeavingMidStreamAbortsTheUpstreamRequest() throws Exception {
        CountDownLatch upstreamDropped = new CountDownLatch(1);
        UPSTREAM.enqueue(FakeUpstream.endlessStream(upstreamDropped));

        SseClient client = stream(request("claude-sonnet-4-5", true));
        client.await("content_block_delta");
        client.close();

        assertThat(upstreamDropped.await(3, java.util.concurrent.TimeUnit.SECONDS))
                .as("the bridge dropped the upstream connection soon after the client left").isTrue();
    }

    @Test
    void clientLeavingAQuietStreamAbortsTheUpstreamWithinASecond() throws Exception {
        CountDownLatch upstreamDropped = new CountDownLatch(1);
        UPSTREAM.enqueue(FakeUpstream.quietStream(upstreamDropped));

        SseClient client = stream(request("claude-sonnet-4-5", true));
        client.await("ping");
        long left = System.nanoTime();
        client.close();

        assertThat(upstreamDropped.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        // pings every 300 ms here: the second one after the client left fails, which aborts the upstream
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - left)).isLessThan(java.time.Duration.ofSeconds(1));
        // nothing left behind: the relay is gone and no upstream connection is still leased
        await().atMost(java.time.Duration.ofSeconds(2)).until(() -> pings.size() == 0 && leasedUpstreamConnections() == 0);
    }

    private int leasedUpstreamConnections() {
        return camel.getEndpoints().stream()
                .filter(e -> e instanceof HttpEndpoint)
                .map(e -> ((HttpEndpoint) e).getClientConnectionManager())
                .filter(m -> m instanceof PoolingHttpClientConnectionManager)
                .mapToInt(m -> ((PoolingHttpClientConnectionManager) m).getTotalStats().getLeased())
                .sum();
    }

    @Test
    void providerSilentMidStreamIsCutOffWithAnErrorEvent() throws Exception {
        CountDownLatch resume = new CountDownLatch(1);
        UPSTREAM.enqueue(sse(list(textChunk("thinking..."), finish("stop"), DONE), 1, resume));

        try (SseClient client = stream(request("claude-sonnet-4-5", true))) {
            List<SseClient.Event> events = withoutPings(client.rest());

            SseClient.Event last = events.getLast();
            assertThat(last.type()).isEqualTo("error");
            assertThat(last.data().path("error").path("message").asText()).contains("sent nothing for 1500 ms");
            assertThat(text(events)).isEqualTo("thinking...");
        } finally {
            resume.countDown();
        }
    }

    /** Small bodies are counted on the request's thread, large ones alongside the provider call: same numbers. */
    @ParameterizedTest
    @ValueSource(ints = {10, 20_000})
    void messageStartCountsInputTokensLikeCountTokens(int length) throws Exception {
        String words = "lorem ipsum dolor sit amet ".repeat(length / 27 + 1).substring(0, length);
        String body = """
                {"model":"claude-sonnet-4-5","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"%s"}]}
                """.formatted(words);
        int counted = parse(post("/v1/messages/count_tokens", body.replace("\"stream\":true,", "")).body())
                .path("input_tokens").asInt();
        assertThat(counted).isGreaterThan(length / 10);
        UPSTREAM.enqueue(sse(list(textChunk("ok"), finish("stop"), DONE)));

        try (SseClient client = stream(body)) {
            JsonNode start = withoutPings(client.rest()).getFirst().data().path("message");
            assertThat(start.path("usage").path("input_tokens").asInt()).isEqualTo(counted);
        }
        UPSTREAM.takeRequest();
    }

    static List<SseClient.Event> withoutPings(List<SseClient.Event> events) {
        return events.stream().filter(e -> !e.type().equals("ping")).toList();
    }

    static String text(List<SseClient.Event> events) {
        StringBuilder sb = new StringBuilder();
        events.stream().filter(e -> e.type().equals("content_block_delta"))
                .map(e -> e.data().path("delta"))
                .filter(d -> d.path("type").asText().equals("text_delta"))
                .forEach(d -> sb.append(d.path("text").asText()));
        return sb.toString();
    }
}
