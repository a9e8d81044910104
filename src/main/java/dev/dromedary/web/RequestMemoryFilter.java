package dev.dromedary.web;

import dev.dromedary.error.RequestBodyRefused;
import dev.dromedary.security.RequestSizeFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;

/**
 * Admits a Messages request ({@code POST /v1/messages}, {@code /v1/messages/count_tokens}) only while its body fits
 * in {@link RequestMemory}'s budget, before the body is read: one that does not fit now gets {@code 529
 * overloaded_error} with {@code retry-after: 1}, one larger than the whole budget {@code 413 request_too_large}.
 * A body without {@code Content-Length} is counted as it is read. Runs after {@link RequestSizeFilter}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestMemoryFilter extends OncePerRequestFilter {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final RequestMemory memory;
    private final Counter overloaded;
    private final Counter overBudget;

    public RequestMemoryFilter(RequestMemory memory, MeterRegistry meters) {
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
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith("/v1/messages");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > memory.budget()) {
            overBudget.increment();
            response.setHeader("Connection", "close");
            refuse(request, response, declared, tooLarge(declared));
            return;
        }
        RequestMemory.Reservation reservation = memory.tryReserve(Math.max(declared, 0));
        if (reservation == null) {
            overloaded.increment();
            refuse(request, response, declared, overloaded());
            return;
        }
        reservation.attachTo(request);
        try {
            chain.doFilter(declared >= 0 ? request : new Counted(request, reservation, this), response);
        } finally {
            if (request.isAsyncStarted()) {
                // a stream: released when its content is dropped (the provider answered), or at the latest here
                request.getAsyncContext().addListener(new ReleaseWhenDone(reservation));
            } else {
                reservation.release();
            }
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, long declared,
                        RequestBodyRefused why) throws IOException {
        var error = why.toBridgeException();
        if (error.retryAfter() != null) {
            response.setHeader("retry-after", String.valueOf(error.retryAfter().toSeconds()));
        }
        ServletErrors.write(response, error.status(), error.errorType(), error.getMessage());
        response.flushBuffer();
        // unread bytes would make the kernel reset the connection, which can lose the answer (see RequestSizeFilter)
        RequestSizeFilter.discard(request.getInputStream(), Math.max(declared, 0));
    }

    RequestBodyRefused overloaded() {
        return new RequestBodyRefused(529, "overloaded_error", "Dromedary is holding its maximum of "
                + memory.budget() + " bytes of request bodies (dromedary.max-inflight-request-bytes); retry shortly",
                RETRY_AFTER);
    }

    private RequestBodyRefused tooLarge(long bytes) {
        return new RequestBodyRefused(413, "request_too_large", "request body of " + bytes
                + " bytes; this bridge holds at most " + memory.budget()
                + " bytes of request bodies at once (dromedary.max-inflight-request-bytes, or a larger heap)", null);
    }

    private record ReleaseWhenDone(RequestMemory.Reservation reservation) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            reservation.release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            reservation.release();
        }

        @Override
        public void onError(AsyncEvent event) {
            reservation.release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // still the same request
        }
    }

    /** A body without a declared length, counted against the budget as it is read. */
    private static final class Counted extends HttpServletRequestWrapper {
        private final RequestMemory.Reservation reservation;
        private final RequestMemoryFilter filter;
        private ServletInputStream stream;

        Counted(HttpServletRequest request, RequestMemory.Reservation reservation, RequestMemoryFilter filter) {
            super(request);
            this.reservation = reservation;
            this.filter = filter;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountedInputStream(super.getInputStream()) {
                    @Override
                    protected void counted(int n) throws RequestBodyRefused {
                        count(n);
                    }
                };
            }
            return stream;
        }

        private void count(int n) throws RequestBodyRefused {
            if (!reservation.grow(n)) {
                throw filter.overloaded();
            }
        }
    }
}
