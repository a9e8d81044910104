package dev.dromedary.stream;

import dev.dromedary.convert.StreamTranslator;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The body of a streamed answer: an {@link InputStream} that platform-http copies to the client, flushing each
 * read. A virtual thread pumps the provider's SSE through the {@link StreamTranslator} into a queue of finished
 * frames; {@link #read} hands out whole frames as they come, and a {@code ping} whenever the stream has been quiet
 * for the ping interval. Closing it before the end (the client left) aborts the upstream connection at once.
 */
public final class SseRelay extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(SseRelay.class);
    private static final byte[] END = new byte[0];
    /** Frames waiting for a slow client; the pump blocks beyond this, which slows the upstream read too. */
    private static final int QUEUE_CAPACITY = 256;

    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final InputStream upstream;
    private final String provider;
    private final PingTicker pings;
    private final Consumer<StreamTranslator> onEnd;
    /** When the last frame was queued: the ticker pings a stream quiet for longer than the interval. */
    private volatile long lastFrameNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile boolean drained;
    private Thread pump;
    private byte[] current;
    private int pos;

    private SseRelay(InputStream upstream, String provider, PingTicker pings, Consumer<StreamTranslator> onEnd) {
        this.upstream = upstream;
        this.provider = provider;
        this.pings = pings;
        this.onEnd = onEnd;
    }

    /**
     * Starts pumping at once: the translator's {@code message_start} is queued before the first upstream read.
     *
     * @param translatorFactory builds the translator around the frame sink it is given
     * @param onEnd             called once on the pump thread when the stream ended, normally or not
     */
    public static SseRelay start(InputStream upstream, String provider, PingTicker pings,
                                 java.util.function.Function<Consumer<dev.dromedary.api.anthropic.StreamEvent>,
                                         StreamTranslator> translatorFactory,
                                 Consumer<StreamTranslator> onEnd) {
        SseRelay relay = new SseRelay(upstream, provider, pings, onEnd);
        StreamTranslator translator = translatorFactory.apply(event -> relay.enqueue(SseFrames.frame(event)));
        pings.add(relay);
        relay.pump = Thread.ofVirtual().name("sse-pump-" + provider).start(() -> relay.pump(translator));
        return relay;
    }

    private void pump(StreamTranslator translator) {
        boolean clean = false;
        try {
            clean = UpstreamStream.translate(upstream, translator, provider, () -> closed);
        } finally {
            // no ping may follow the last event: stop pinging before releasing the connection, which can take a while
            pings.remove(this);
            releaseUpstream(clean);
            enqueue(END);
            try {
                onEnd.accept(translator);
            } catch (RuntimeException e) {
                LOG.warn("Stream end hook failed", e);
            }
        }
    }

    /** Called by the ticker: a ping for a stream that has been quiet; never blocks the ticker. */
    void pingIfQuietSince(long threshold) {
        if (lastFrameNanos < threshold && !closed && queue.offer(SseFrames.PING)) {
            lastFrameNanos = System.nanoTime();
        }
    }

    private void enqueue(byte[] frame) {
        lastFrameNanos = System.nanoTime();
        try {
            while (!closed) {
                if (queue.offer(frame, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (drained) {
            return -1;
        }
        if (current == null || pos >= current.length) {
            byte[] next;
            try {
                // an untimed wait: pings come from the shared ticker (see PingTicker)
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the provider");
            }
            if (next == END) {
                drained = true;
                return -1;
            }
            current = next;
            pos = 0;
        }
        int n = copy(b, off, len);
        // hand out frames that are already waiting in the same write: fewer flushes under load
        while (n < len) {
            byte[] more = queue.peek();
            if (more == null || more == END || more.length > len - n) {
                break;
            }
            current = queue.poll();
            pos = 0;
            n += copy(b, off + n, len - n);
        }
        return n;
    }

    private int copy(byte[] b, int off, int len) {
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pings.remove(this);
        if (!drained) {
            // the client is gone before the end: stop the provider's work now
            LOG.debug("Client left a stream from provider {}: aborting the upstream request", provider);
            abort(upstream);
            pump.interrupt();
        }
    }

    private void releaseUpstream(boolean clean) {
        if (clean) {
            try {
                upstream.close();
                return;
            } catch (IOException e) {
                // fall through to abort
            }
        }
        abort(upstream);
    }

    /**
     * Closing an HttpClient stream reads it to its end so the connection can be reused; aborting drops the
     * connection instead, which is what a stream nobody will read needs.
     */
    private static void abort(InputStream in) {
        try {
            if (in instanceof EofSensorInputStream eof) {
                eof.abort();
            } else {
                in.close();
            }
        } catch (IOException e) {
            // nothing more to do with a broken connection
        }
    }
}
