package dev.dromedary.stream;

import dev.dromedary.api.anthropic.StreamEvent;
import dev.dromedary.convert.StreamTranslator;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The body of a streamed answer. On the request's own thread it reads the provider's SSE through the
 * {@link StreamTranslator} and writes each finished frame to the client, flushing whenever the next read would
 * wait for the provider. The shared {@link PingTicker} sends a {@code ping} into a stream that has been quiet for
 * the ping interval. A write that fails (the client left) aborts the upstream connection at once.
 * <p>
 * One thread per stream and no queue: at thousands of open streams a second thread and a hand-off per event cost
 * more memory and CPU than the translation itself.
 */
public final class SseRelay implements StreamingBody {

    private static final Logger LOG = LoggerFactory.getLogger(SseRelay.class);

    private final InputStream upstream;
    private final String provider;
    private final PingTicker pings;
    private final Function<Consumer<StreamEvent>, StreamTranslator> translatorFactory;
    private final Consumer<StreamTranslator> onEnd;
    /** Guards {@link #out}: the ticker's pings and the relay's frames take turns. */
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean pinging = new AtomicBoolean();
    private OutputStream out;
    /** When the last frame was written: the ticker pings a stream quiet for longer than the interval. */
    private volatile long lastFrameNanos = System.nanoTime();
    /** The client left: nothing more is written and the provider is no longer read. */
    private volatile boolean clientGone;
    private volatile boolean ended;

    private SseRelay(InputStream upstream, String provider, PingTicker pings,
                     Function<Consumer<StreamEvent>, StreamTranslator> translatorFactory,
                     Consumer<StreamTranslator> onEnd) {
        this.upstream = upstream;
        this.provider = provider;
        this.pings = pings;
        this.translatorFactory = translatorFactory;
        this.onEnd = onEnd;
    }

    /**
     * @param translatorFactory builds the translator around the frame sink it is given
     * @param onEnd             called once when the stream ended, normally or not
     */
    public static SseRelay of(InputStream upstream, String provider, PingTicker pings,
                              Function<Consumer<StreamEvent>, StreamTranslator> translatorFactory,
                              Consumer<StreamTranslator> onEnd) {
        return new SseRelay(upstream, provider, pings, translatorFactory, onEnd);
    }

    @Override
    public void writeTo(OutputStream client) {
        this.out = client;
        StreamTranslator translator = translatorFactory.apply(event -> write(SseFrames.frame(event), false));
        pings.add(this);
        boolean clean = false;
        try {
            clean = UpstreamStream.translate(upstream, translator, provider, () -> clientGone, this::flush);
            flush();
        } finally {
            // no ping may follow the last event: stop pinging before releasing the connection, which can take a while
            ended = true;
            pings.remove(this);
            releaseUpstream(clean && !clientGone);
            try {
                onEnd.accept(translator);
            } catch (RuntimeException e) {
                LOG.warn("Stream end hook failed", e);
            }
        }
    }

    /** Called by the ticker: pings a stream that has been quiet, on a thread of its own, never blocking the ticker. */
    void pingIfQuietSince(long threshold) {
        if (lastFrameNanos < threshold && !ended && !clientGone && pinging.compareAndSet(false, true)) {
            Thread.ofVirtual().name("sse-ping").start(() -> {
                try {
                    write(SseFrames.PING, true);
                } finally {
                    pinging.set(false);
                }
            });
        }
    }

    private void flush() {
        write(null, true);
    }

    private void write(byte[] frame, boolean flush) {
        writing.lock();
        try {
            if (clientGone || (ended && frame == SseFrames.PING)) {
                return;
            }
            if (frame != null) {
                out.write(frame);
                lastFrameNanos = System.nanoTime();
            }
            if (flush) {
                out.flush();
            }
        } catch (IOException e) {
            leftEarly();
        } finally {
            writing.unlock();
        }
    }

    /** The client is gone before the end: stop the provider's work now. */
    private void leftEarly() {
        if (!clientGone) {
            clientGone = true;
            LOG.debug("Client left a stream from provider {}: aborting the upstream request", provider);
            abort(upstream);
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
