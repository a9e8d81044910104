package dev.dromedary.processor;

import dev.dromedary.config.DromedaryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes of Messages request bodies the bridge holds at once. While a request is read, parsed, converted
 * and sent, its body costs about four times its size in heap (the bytes, the parsed conversation, the provider's
 * version); Claude Code's bodies are 50 KB to several MB. A burst of them beyond what the heap holds used to end in
 * back-to-back full collections and {@code OutOfMemoryError} for everyone (bench/RESULTS.md, step 18); past this
 * budget a new request gets a retryable {@code 529 overloaded_error} instead, before its body is read
 * ({@code AdmitRequestBody}).
 * <p>
 * A request's reservation ends when its answer is written, or, for a stream, once the provider's first event has
 * come (nothing sends the request again after that, and its content is dropped: {@code Exchanges.releaseRequestContent}).
 */
@Component
public class RequestMemory {

    private static final Logger LOG = LoggerFactory.getLogger(RequestMemory.class);
    /** Heap the bridge needs before any request, as for the stream cap ({@code AdmitStream}). */
    static final long BASE_HEAP = 64L * 1024 * 1024;

    private final long budget;
    private final AtomicLong held = new AtomicLong();

    public RequestMemory(DromedaryProperties props) {
        this.budget = props.maxInflightRequestBytes() > 0 ? props.maxInflightRequestBytes()
                : defaultBudget(Runtime.getRuntime().maxMemory());
        LOG.info("At most {} bytes of request bodies held at once (dromedary.max-inflight-request-bytes)", budget);
    }

    /**
     * An eighth of the heap above the base: at about four heap bytes per body byte that is half of it, and leaves
     * the other half to the open streams' own state (about 21 KB each, capped by {@code AdmitStream}).
     */
    static long defaultBudget(long maxHeap) {
        return Math.max(1024 * 1024, (maxHeap - BASE_HEAP) / 8);
    }

    public long budget() {
        return budget;
    }

    public long held() {
        return held.get();
    }

    /** Takes {@code bytes} of the budget, or nothing and null when they do not fit now. */
    public Reservation tryReserve(long bytes) {
        return take(bytes) ? new Reservation(bytes) : null;
    }

    private boolean take(long bytes) {
        for (long now = held.get(); ; now = held.get()) {
            if (now + bytes > budget) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** A request's share of the budget; {@link #release()} gives it back, once, whoever calls it first. */
    public final class Reservation {
        private final AtomicBoolean released = new AtomicBoolean();
        private final AtomicLong bytes;

        private Reservation(long bytes) {
            this.bytes = new AtomicLong(bytes);
        }

        /** Adds bytes read beyond what was reserved (a body without {@code Content-Length}); false: over budget. */
        public boolean grow(long more) {
            if (released.get() || !take(more)) {
                return false;
            }
            bytes.addAndGet(more);
            return true;
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                held.addAndGet(-bytes.get());
            }
        }
    }
}
