package dev.dromedary.stream;

import dev.dromedary.convert.UpstreamFormatException;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The body of a streamed answer. Before the client's 200, {@link #awaitFirstEvent()} waits for the provider's first
 * event, so that a provider that fails before it can still be failed over. Then, on the stream's own relay thread
 * (the request's thread has returned, see {@code DirectPlatformHttpConsumer}), it relays the provider's events
 * ({@link StreamEvents}) and writes each finished frame to the client, flushing whenever the next read would wait
 * for the provider, and at once after the first content delta: the time to the first token must not grow with
 * however much of the answer the provider sent in the same packets. The shared {@link PingTicker} pings a stream
 * that has been quiet for the ping interval, which is also how a client that left is noticed (a write to it fails),
 * and cuts off a provider that has sent nothing for its timeout (before the first event) or for the shorter of its
 * timeout and the idle timeout (after): a stream's connection reads without a socket timeout
 * ({@code UpstreamHttpClient}). A write that fails aborts the upstream connection at once.
 * <p>
 * One thread per stream and no queue: at thousands of open streams a second thread and a hand-off per event cost
 * more memory and CPU than the translation itself.
 */
public final class SseRelay implements StreamingBody, RelayState {

    private static final Logger LOG = LoggerFactory.getLogger(SseRelay.class);

    private final InputStream upstream;
    private final String provider;
    /** The provider's {@code timeout}: the longest it may stay silent. */
    private final Duration timeout;
    private final PingTicker pings;
    private final StreamEvents events;
    private final SseReader reader;
    /** Guards {@link #out}: the ticker's pings and the relay's frames take turns. */
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean pinging = new AtomicBoolean();
    private OutputStream out;
    /** When the last frame was written: the ticker pings a stream quiet for longer than the interval. */
    private volatile long lastFrameNanos = System.nanoTime();
    /** The client left: nothing more is written and the provider is no longer read. */
    private volatile boolean clientGone;
    private volatile String cutOff;
    private volatile boolean ended;
    /** The first event has come: the relay is writing to the client. */
    private volatile boolean relaying;
    /** The provider's connection is closed or back in the pool: nothing left to cut off. */
    private volatile boolean released;
    private boolean firstDeltaWritten;

    private SseRelay(InputStream upstream, String provider, Duration timeout, PingTicker pings, StreamEvents events) {
        this.upstream = upstream;
        this.provider = provider;
        this.timeout = timeout;
        this.pings = pings;
        this.events = events;
        this.reader = new SseReader(upstream, this::flush);
    }

    public static SseRelay of(InputStream upstream, String provider, Duration timeout, PingTicker pings,
                              StreamEvents events) {
        return new SseRelay(upstream, provider, timeout, pings, events);
    }

    /**
     * Waits for the provider's first event (at most the provider's timeout, counted from its last byte) and checks
     * it. A provider that fails here has sent nothing to the client yet: its connection is dropped and the failure
     * thrown, a timeout as a {@link SocketTimeoutException}, for the caller to try another provider.
     */
    public void awaitFirstEvent() throws Exception {
        pings.add(this);
        try {
            if (reader.peek() == null) {
                throw new UpstreamFormatException("the stream ended before its first event");
            }
            events.checkFirst(reader.peek());
        } catch (Exception e) {
            ended = true;
            released = true;
            abort(upstream);
            if (cutOff != null) {
                SocketTimeoutException timedOut = new SocketTimeoutException(cutOff);
                timedOut.initCause(e);
                throw timedOut;
            }
            throw e;
        } finally {
            pings.remove(this);
        }
    }

    @Override
    public void writeTo(OutputStream client) {
        this.out = client;
        lastFrameNanos = System.nanoTime();
        relaying = true;
        pings.add(this);
        boolean clean = false;
        try {
            clean = events.relay(reader, this::relayed, this);
            flush();
        } finally {
            // no ping may follow the last event; releasing the connection reads it to its end, still under the cut-off
            ended = true;
            try {
                releaseUpstream(clean && !clientGone);
            } finally {
                released = true;
                pings.remove(this);
            }
        }
    }

    @Override
    public boolean clientGone() {
        return clientGone;
    }

    @Override
    public String cutOff() {
        return cutOff;
    }

    /** Called by the ticker: pings a stream that has been quiet, on a thread of its own, never blocking the ticker. */
    void pingIfQuietSince(long threshold) {
        if (relaying && lastFrameNanos < threshold && !ended && !clientGone && pinging.compareAndSet(false, true)) {
            Thread.ofVirtual().name("sse-ping").start(() -> {
                try {
                    write(SseFrames.PING, true);
                } finally {
                    pinging.set(false);
                }
            });
        }
    }

    /**
     * Called by the ticker: drops the provider's connection when it has been silent too long, which fails the read
     * waiting on it. Before the first event the provider's timeout applies; after it, the shorter of that and
     * {@code idle}, the idle timeout. A timeout of 0 sets no limit, as it does for HttpClient.
     */
    void cutOffIfSilent(long now, Duration idle) {
        boolean timed = timeout.isPositive();
        boolean byIdle = relaying && (!timed || idle.compareTo(timeout) < 0);
        if (!(byIdle || timed) || released || cutOff != null) {
            return;
        }
        Duration limit = byIdle ? idle : timeout;
        if (now - reader.lastReadNanos() > limit.toNanos()) {
            cutOff = "provider " + provider + " sent nothing for " + PingTicker.label(limit)
                    + (byIdle ? " (dromedary.stream.idle-timeout)" : " (its timeout)");
            LOG.warn("Stream cut off: {}", cutOff);
            abort(upstream);
        }
    }

    private void relayed(byte[] frame) {
        boolean first = !firstDeltaWritten && SseFrames.isContentDelta(frame);
        firstDeltaWritten |= first;
        write(frame, first);
    }

    private void flush() {
        if (out != null) {
            write(null, true);
        }
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
    static void abort(InputStream in) {
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
