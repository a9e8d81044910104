package dev.dromedary.processor;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.error.BridgeException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps how many streams are open at once, so that a burst beyond what the heap holds is answered with a retryable
 * {@code 529 overloaded_error} instead of slowing every stream down or exhausting memory. A stream's place is
 * given back when its exchange completes, which for a stream is when its last byte has been written.
 */
@Component("admitStream")
public class AdmitStream implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AdmitStream.class);
    /** Heap an open stream needs, measured at 21 KB (bench/RESULTS.md, step 14), with room for its garbage. */
    static final long BYTES_PER_STREAM = 40 * 1024;
    /** Heap the bridge needs before any stream: 53-60 MB live when idle (bench/RESULTS.md, step 14). */
    static final long BASE_HEAP = 64L * 1024 * 1024;

    private final AtomicInteger open = new AtomicInteger();
    private final int max;

    public AdmitStream(DromedaryProperties props) {
        this.max = props.stream().maxConcurrent() > 0 ? props.stream().maxConcurrent()
                : defaultMax(Runtime.getRuntime().maxMemory());
        LOG.info("At most {} concurrent streams (dromedary.stream.max-concurrent)", max);
    }

    static int defaultMax(long maxHeap) {
        return (int) Math.max(16, (maxHeap - BASE_HEAP) / BYTES_PER_STREAM);
    }

    @Override
    public void process(Exchange exchange) {
        if (!Boolean.TRUE.equals(exchange.getProperty(Exchanges.STREAMING, Boolean.class))) {
            return;
        }
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            throw new BridgeException(529, "overloaded_error", "Dromedary is serving its maximum of " + max
                    + " concurrent streams; retry shortly", Duration.ofSeconds(1), null);
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                open.decrementAndGet();
            }
        });
    }

    public int open() {
        return open.get();
    }

    public int max() {
        return max;
    }
}
