package dev.dromedary.processor;

import dev.dromedary.error.BridgeException;
import dev.dromedary.error.RequestBodyRefused;
import dev.dromedary.web.CountedInputStream;
import dev.dromedary.web.UnreadBody;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Admits an authenticated Messages request only while its body fits in {@link RequestMemory}'s budget, before the
 * body is read: one that does not fit now gets {@code 529 overloaded_error} with {@code retry-after: 1}, one larger
 * than the whole budget {@code 413 request_too_large}; the body is then read and dropped, never held, so the client
 * reads the answer rather than a reset connection. A body without {@code Content-Length} is counted as it is read.
 * The share is given back when the request completes, or when a stream's answer starts
 * ({@link Exchanges#releaseRequestContent}).
 */
@Component("admitRequestBody")
public class AdmitRequestBody implements Processor {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final RequestMemory memory;
    private final Counter overloaded;
    private final Counter overBudget;

    public AdmitRequestBody(RequestMemory memory, MeterRegistry meters) {
        this.memory = memory;
        this.overloaded = refused(meters, "memory_full");
        this.overBudget = refused(meters, "body_over_budget");
        Gauge.builder("dromedary.request.bytes.held", memory, RequestMemory::held)
                .description("bytes of Messages request bodies held now (dromedary.max-inflight-request-bytes)")
                .baseUnit("bytes").register(meters);
    }

    private static Counter refused(MeterRegistry meters, String reason) {
        return Counter.builder("dromedary.requests.refused").tag("reason", reason)
                .description("Messages requests refused before their body was read").register(meters);
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message in = exchange.getIn();
        long declared = in instanceof PlatformHttpMessage m && m.getRequest() != null
                ? m.getRequest().getContentLengthLong() : -1;
        if (declared > memory.budget()) {
            overBudget.increment();
            throw refuse(in, new BridgeException(413, "request_too_large", "request body of " + declared
                    + " bytes; this bridge holds at most " + memory.budget() + " bytes of request bodies at once"
                    + " (dromedary.max-inflight-request-bytes, or a larger heap)"));
        }
        RequestMemory.Reservation reservation = memory.tryReserve(Math.max(declared, 0));
        if (reservation == null) {
            overloaded.increment();
            throw refuse(in, overloaded().toBridgeException());
        }
        exchange.setProperty(Exchanges.BODY_RESERVATION, reservation);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                reservation.release();
            }
        });
        if (declared < 0 && in.getBody() instanceof InputStream body) {
            in.setBody(new CountedInputStream(body) {
                @Override
                protected void counted(int n) throws RequestBodyRefused {
                    if (!reservation.grow(n)) {
                        throw overloaded();
                    }
                }
            });
        }
    }

    private RequestBodyRefused overloaded() {
        return new RequestBodyRefused(529, "overloaded_error", "Dromedary is holding its maximum of " + memory.budget()
                + " bytes of request bodies (dromedary.max-inflight-request-bytes); retry shortly", RETRY_AFTER);
    }

    /** Reads and drops the body: closing on unread bytes can lose the answer ({@link UnreadBody}). */
    private BridgeException refuse(Message in, BridgeException error) {
        if (in.getBody() instanceof InputStream body) {
            UnreadBody.drop(body);
            in.setBody(null);
        }
        return error;
    }
}
