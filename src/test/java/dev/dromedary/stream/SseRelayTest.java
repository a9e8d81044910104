package dev.dromedary.stream;

import dev.dromedary.convert.StreamTranslator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay on its own: pings while the provider is quiet, the full stream after, and nothing left behind. */
class SseRelayTest {

    private static String chunk(String text) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\n";
    }

    /** What the provider writes; the relay reads the other end. */
    private final PipedOutputStream provider = new PipedOutputStream();
    private final CountDownLatch ended = new CountDownLatch(1);
    private PipedInputStream upstream;

    @BeforeEach
    void connect() throws IOException {
        upstream = new PipedInputStream(provider, 65536);
    }

    private static SseRelay relay(PipedInputStream upstream, PingTicker pings, CountDownLatch ended) {
        return SseRelay.start(upstream, "test", pings,
                sink -> new StreamTranslator(sink, "msg_test", "m", 1, List.of(), String::length),
                t -> ended.countDown());
    }

    /** Reads from the relay until {@code marker} has been seen, at most five seconds. */
    private static String readUntil(SseRelay relay, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
            assertThat(System.nanoTime()).as("saw " + marker + " in time").isLessThan(deadline);
            int n = relay.read(buf, 0, buf.length);
            if (n < 0) {
                break;
            }
            seen.write(buf, 0, n);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pingsAQuietStreamThenRelaysItToTheEnd() throws Exception {
        try (PingTicker pings = new PingTicker(Duration.ofMillis(100))) {
            SseRelay relay = relay(upstream, pings, ended);

            String start = readUntil(relay, "event: message_start");
            // the provider says nothing: the ticker keeps the stream alive
            String quiet = readUntil(relay, "event: ping\ndata: {\"type\":\"ping\"}\n\nevent: ping");
            assertThat(start + quiet).contains("event: ping");

            provider.write((chunk("hello") + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                    + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            provider.close();
            String rest = readUntil(relay, "event: message_stop");
            assertThat(rest).contains("\"text\":\"hello\"").contains("event: message_delta");
            assertThat(relay.read(new byte[16], 0, 16)).isEqualTo(-1);

            assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(pings.size()).as("a finished stream is no longer pinged").isZero();
        }
    }

    @Test
    void closingEarlyStopsThePumpAndForgetsTheStream() throws Exception {
        try (PingTicker pings = new PingTicker(Duration.ofSeconds(10))) {
            SseRelay relay = relay(upstream, pings, ended);
            readUntil(relay, "event: message_start");

            relay.close();

            assertThat(ended.await(5, TimeUnit.SECONDS)).as("the pump ended").isTrue();
            assertThat(pings.size()).isZero();
        }
    }
}
