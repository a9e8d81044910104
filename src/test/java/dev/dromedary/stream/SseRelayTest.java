package dev.dromedary.stream;

import dev.dromedary.convert.StreamTranslator;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.EofSensorWatcher;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The relay on its own: pings while the provider is quiet, the full stream after, and nothing left behind. */
class SseRelayTest {

    private static String chunk(String text) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\n";
    }

    /** A client connection: records what was flushed, and can be made to fail like a closed socket. */
    private static final class Client extends OutputStream {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        /** What each flush sent. */
        private final List<String> flushed = new CopyOnWriteArrayList<>();
        private volatile boolean broken;

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (broken) {
                throw new IOException("Broken pipe");
            }
            pending.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            if (broken) {
                throw new IOException("Broken pipe");
            }
            flushed.add(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }

        String seen() {
            return String.join("", flushed);
        }
    }

    /** The provider's side of the connection: what it sends arrives in reads; closing it fails a blocked read. */
    private static final class Upstream extends InputStream {
        private static final byte[] EOF = new byte[0];
        private static final byte[] ABORTED = new byte[0];
        private final BlockingQueue<byte[]> arriving = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int pos;
        private volatile boolean closed;

        void send(String sse) {
            arriving.add(sse.getBytes(StandardCharsets.UTF_8));
        }

        void end() {
            arriving.add(EOF);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos >= current.length) {
                try {
                    current = arriving.take();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
                pos = 0;
                if (current == EOF) {
                    arriving.add(EOF);
                    return -1;
                }
                if (current == ABORTED) {
                    throw new IOException("Socket closed");
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return current.length - pos;
        }

        @Override
        public void close() {
            closed = true;
            arriving.add(ABORTED);
        }
    }

    /** A provider's OpenAI chunks, translated. */
    private static final StreamEvents TRANSLATED = new StreamEvents() {
        @Override
        public void checkFirst(SseReader.Event first) {
        }

        @Override
        public boolean relay(SseReader events, Consumer<byte[]> frames, RelayState state) {
            StreamTranslator t = new StreamTranslator(e -> frames.accept(SseFrames.frame(e)), "msg_test", "m", 1,
                    List.of(), String::length);
            return UpstreamStream.translate(events, t, "test", state);
        }
    };

    /** For streams that must fail before their first event. */
    private static final StreamEvents NOTHING_RELAYED = new StreamEvents() {
        @Override
        public void checkFirst(SseReader.Event first) {
        }

        @Override
        public boolean relay(SseReader events, Consumer<byte[]> frames, RelayState state) {
            throw new AssertionError("nothing is relayed");
        }
    };

    private final Upstream provider = new Upstream();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Client client = new Client();

    private Thread relay(PingTicker pings) {
        return relay(pings, provider, Duration.ofMinutes(1));
    }

    /** Relays {@code upstream} as a provider with {@code timeout} would be, on a thread of its own. */
    private Thread relay(PingTicker pings, InputStream upstream, Duration timeout) {
        SseRelay relay = SseRelay.of(upstream, "test", timeout, pings, TRANSLATED);
        return Thread.ofVirtual().start(() -> {
            relay.writeTo(client);
            ended.countDown();
        });
    }

    @Test
    void pingsAQuietStreamThenRelaysItToTheEnd() throws Exception {
        try (PingTicker pings = new PingTicker(Duration.ofMillis(100), Duration.ofMinutes(1))) {
            Thread relay = relay(pings);

            // message_start is flushed before the provider has said anything
            await().atMost(Duration.ofSeconds(5)).until(() -> client.seen().contains("event: message_start"));
            // the provider says nothing: the ticker keeps the stream alive
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> client.seen().split("event: ping", -1).length > 3);

            provider.send(chunk("hello") + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                    + "data: [DONE]\n\n");
            provider.end();
            relay.join(5000);
            assertThat(relay.isAlive()).as("writeTo returned at the end of the stream").isFalse();
            String all = client.seen();
            assertThat(all).contains("\"text\":\"hello\"").contains("event: message_delta").endsWith(
                    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
            assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(pings.size()).as("a finished stream is no longer pinged").isZero();
        }
    }

    @Test
    void framesThatArriveTogetherAreFlushedTogether() throws Exception {
        try (PingTicker pings = new PingTicker(Duration.ofSeconds(10), Duration.ofMinutes(1))) {
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                burst.append(chunk("t" + i));
            }
            burst.append("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
            provider.send(burst.toString());
            provider.end();

            Thread relay = relay(pings);
            relay.join(5000);

            assertThat(client.seen()).contains("\"text\":\"t49\"").contains("event: message_stop");
            assertThat(client.flushed.size()).as("one flush per wait, not one per frame").isLessThan(10);
            String firstText = client.flushed.stream().filter(p -> p.contains("event: content_block_delta"))
                    .findFirst().orElseThrow();
            assertThat(firstText).as("the first token is not held back behind the rest of the burst")
                    .contains("\"text\":\"t0\"").doesNotContain("\"text\":\"t1\"");
        }
    }

    @Test
    void aClientThatLeftStopsTheRelayAndForgetsTheStream() throws Exception {
        try (PingTicker pings = new PingTicker(Duration.ofMillis(100), Duration.ofMinutes(1))) {
            Thread relay = relay(pings);
            await().atMost(Duration.ofSeconds(5)).until(() -> client.seen().contains("event: message_start"));

            // the provider is quiet; the next ping finds the client gone and aborts the upstream read
            client.broken = true;

            assertThat(ended.await(5, TimeUnit.SECONDS)).as("the relay ended").isTrue();
            relay.join(5000);
            assertThat(relay.isAlive()).isFalse();
            assertThat(pings.size()).isZero();
            assertThat(provider.closed).as("the upstream connection was dropped").isTrue();
        }
    }

    @Test
    void aProviderSilentForTheIdleTimeoutIsCutOffWithAnErrorEvent() throws Exception {
        try (PingTicker pings = new PingTicker(Duration.ofMillis(100), Duration.ofMillis(500))) {
            provider.send(chunk("started"));
            Thread relay = relay(pings);

            assertThat(ended.await(5, TimeUnit.SECONDS)).as("the relay ended").isTrue();
            relay.join(5000);
            assertThat(client.seen()).contains("\"text\":\"started\"").endsWith("\"message\":\"provider test "
                    + "sent nothing for 500 ms (dromedary.stream.idle-timeout)\"}}\n\n");
            assertThat(provider.closed).as("the upstream connection was dropped").isTrue();
        }
    }

    @Test
    void aProviderSilentMidStreamForItsTimeoutShorterThanTheIdleTimeoutIsCutOff() throws Exception {
        try (PingTicker pings = new PingTicker(Duration.ofMillis(100), Duration.ofMinutes(1))) {
            provider.send(chunk("started"));
            Thread relay = relay(pings, provider, Duration.ofMillis(400));

            assertThat(ended.await(5, TimeUnit.SECONDS)).as("the relay ended").isTrue();
            relay.join(5000);
            assertThat(client.seen()).contains("\"text\":\"started\"").contains("event: ping").endsWith(
                    "\"message\":\"provider test sent nothing for 400 ms (its timeout)\"}}\n\n");
            assertThat(provider.closed).as("the upstream connection was dropped").isTrue();
            assertThat(pings.size()).isZero();
        }
    }

    @Test
    void aProviderSilentBeforeItsFirstEventForItsTimeoutIsDroppedAndThrownAsATimeout() {
        try (PingTicker pings = new PingTicker(Duration.ofMillis(100), Duration.ofMinutes(1))) {
            SseRelay relay = SseRelay.of(provider, "test", Duration.ofMillis(400), pings, NOTHING_RELAYED);

            long t0 = System.nanoTime();
            assertThatThrownBy(relay::awaitFirstEvent).isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("provider test sent nothing for 400 ms (its timeout)");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(400),
                    Duration.ofSeconds(3));
            assertThat(provider.closed).isTrue();
            assertThat(pings.size()).isZero();
            assertThat(client.seen()).as("nothing reached the client: another provider can still answer").isEmpty();
        }
    }

    @Test
    void aProviderWithoutATimeoutIsWaitedForAndThenCutOffByTheIdleTimeoutOnly() throws Exception {
        try (PingTicker pings = new PingTicker(Duration.ofMillis(100), Duration.ofMillis(500))) {
            SseRelay relay = SseRelay.of(provider, "test", Duration.ZERO, pings, TRANSLATED);
            CountDownLatch firstCame = new CountDownLatch(1);
            Thread waiting = Thread.ofVirtual().start(() -> {
                try {
                    relay.awaitFirstEvent();
                    firstCame.countDown();
                } catch (Exception e) {
                    // left uncounted: the assertion below fails
                }
            });

            assertThat(firstCame.await(900, TimeUnit.MILLISECONDS)).as("still waiting past the idle timeout").isFalse();
            provider.send(chunk("late"));
            assertThat(firstCame.await(5, TimeUnit.SECONDS)).isTrue();
            waiting.join(5000);
            Thread writing = Thread.ofVirtual().start(() -> relay.writeTo(client));
            writing.join(5000);

            assertThat(writing.isAlive()).isFalse();
            assertThat(client.seen()).contains("\"text\":\"late\"").endsWith("\"message\":\"provider test "
                    + "sent nothing for 500 ms (dromedary.stream.idle-timeout)\"}}\n\n");
        }
    }

    /**
     * A finished stream's connection is read to its end for reuse (HttpClient's close). A provider that never ends
     * it after {@code [DONE]} is cut off after its timeout, and the stream ends as it was, without an error.
     */
    @Test
    void releasingTheConnectionOfAFinishedStreamWaitsNoLongerThanTheProvidersTimeout() throws Exception {
        try (PingTicker pings = new PingTicker(Duration.ofMillis(100), Duration.ofMinutes(1))) {
            AtomicBoolean drainFailed = new AtomicBoolean();
            EofSensorInputStream upstream = new EofSensorInputStream(provider, new EofSensorWatcher() {
                @Override
                public boolean eofDetected(InputStream wrapped) {
                    return true;
                }

                @Override
                public boolean streamClosed(InputStream wrapped) throws IOException {
                    try {
                        wrapped.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        drainFailed.set(true);
                        throw e;
                    }
                    return true;
                }

                @Override
                public boolean streamAbort(InputStream wrapped) {
                    return true;
                }
            });
            provider.send(chunk("all") + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                    + "data: [DONE]\n\n");
            Thread relay = relay(pings, upstream, Duration.ofMillis(400));

            assertThat(ended.await(5, TimeUnit.SECONDS)).as("the relay ended").isTrue();
            relay.join(5000);
            assertThat(drainFailed).as("the provider's silence cut the drain short").isTrue();
            assertThat(client.seen()).endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
            assertThat(pings.size()).isZero();
        }
    }

    @Test
    void aProviderThatFailsBeforeItsFirstEventIsDroppedAndThrown() {
        try (PingTicker pings = new PingTicker(Duration.ofSeconds(10), Duration.ofMinutes(1))) {
            provider.end();
            SseRelay relay = SseRelay.of(provider, "test", Duration.ofMinutes(1), pings, NOTHING_RELAYED);

            assertThatThrownBy(relay::awaitFirstEvent)
                    .hasMessageContaining("ended before its first event");
            assertThat(provider.closed).isTrue();
        }
    }
}
