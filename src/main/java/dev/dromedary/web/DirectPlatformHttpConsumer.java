package dev.dromedary.web;

import dev.dromedary.error.BridgeException;
import dev.dromedary.processor.Exchanges;
import dev.dromedary.error.RequestBodyRefused;
import dev.dromedary.stream.StreamingBody;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;

/**
 * The Spring Boot platform-http consumer, callable synchronously on the request's own (virtual) thread by
 * {@link PlatformHttpFastPath}. Spring MVC can still reach it through {@code service()}, as before.
 */
public class DirectPlatformHttpConsumer extends SpringBootPlatformHttpConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(DirectPlatformHttpConsumer.class);

    /** The request {@link #serve} is handling on this thread: the starter's {@code afterProcess} is not given it. */
    private static final ThreadLocal<HttpServletRequest> SERVING = new ThreadLocal<>();

    private final DromedaryHttpBinding binding;

    public DirectPlatformHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor, Executor executor) {
        super(endpoint, processor, executor);
        this.binding = new DromedaryHttpBinding(endpoint);
    }

    /** Whether requests handed to this consumer now are served (its route is not suspended nor stopped). */
    public boolean isServing() {
        return isStarted() && !isSuspended();
    }

    /**
     * Runs the route and writes its answer before returning; false, without touching the response, when the
     * consumer is not serving (a reload suspended it): the caller waits for the reload and asks the new one.
     */
    public boolean serve(HttpServletRequest request, HttpServletResponse response) {
        if (!isServing()) {
            return false;
        }
        SERVING.set(request);
        try {
            handleService(request, response);
        } catch (Exception e) {
            // reading the request into an exchange failed before any route ran: a body over the limit or a
            // malformed query string is the client's fault, anything else ours
            BridgeException error = readFailure(e);
            if (error.status() >= 500) {
                LOG.warn("Error handling request: {}", e.getMessage());
            }
            try {
                if (!response.isCommitted()) {
                    ServletErrors.write(response, error.status(), error.errorType(), error.getMessage());
                }
            } catch (Exception ignored) {
                // the client is gone
            }
        } finally {
            SERVING.remove();
        }
        return true;
    }

    /**
     * Spring MVC keeps its mapping to a consumer whose route was deleted (the starter never unregisters one): such
     * a consumer is stopped and answers 404 rather than run a route that is gone.
     */
    @Override
    protected void handleService(HttpServletRequest request, HttpServletResponse response) throws Exception {
        if (isStoppingOrStopped()) {
            ServletErrors.write(response, 404, "not_found_error", "no route serves " + request.getRequestURI());
            return;
        }
        super.handleService(request, response);
    }

    /** The client's fault where it is one (a body over the limit, a malformed query string), else a 500. */
    static BridgeException readFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyRefused refused) {
                return refused.toBridgeException();
            }
            if (t instanceof IllegalArgumentException
                    || t instanceof org.eclipse.jetty.http.BadMessageException bad && bad.getCode() == 400) {
                return BridgeException.invalidRequest("malformed request: " + e.getMessage());
            }
        }
        return new BridgeException(500, "api_error", "internal error");
    }

    /**
     * A streamed answer is relayed on a thread of its own, under an asynchronous request: the request's thread
     * returns through Jetty and the servlet filters, so an open stream parks about 30 frames instead of 85 (the
     * stack stays in the heap for the whole stream: 16 KB less per stream, ~32 MB at 2000). The unit of work, which
     * writes the usage record, ends when the stream does, on that thread.
     */
    @Override
    protected void afterProcess(HttpServletResponse response, Exchange exchange) {
        HttpServletRequest request = SERVING.get();
        if (exchange.getMessage().getBody() instanceof StreamingBody) {
            // nothing sends the request again once its answer streams: its content and its memory share go
            Exchanges.releaseRequestContent(exchange);
        }
        if (request != null && request.isAsyncSupported() && exchange.getException() == null
                && exchange.getMessage().getBody() instanceof StreamingBody) {
            AsyncContext async = request.startAsync();
            // the stream's own timeouts (provider idle, pings to a client that left) bound it, not the container's
            async.setTimeout(0);
            Runnable relay = () -> {
                try {
                    writeAndFinish(response, exchange);
                } finally {
                    async.complete();
                }
            };
            try {
                Thread.ofVirtual().name("sse-relay").start(relay);
            } catch (RuntimeException e) {
                // no thread to hand over to (the JVM is shutting down): relay on this one
                relay.run();
            }
            return;
        }
        writeAndFinish(response, exchange);
    }

    /** As the starter's, with a binding that lets streamed bodies write themselves (see {@link DromedaryHttpBinding}). */
    private void writeAndFinish(HttpServletResponse response, Exchange exchange) {
        boolean writeFailure = false;
        try {
            binding.writeResponse(exchange, response);
        } catch (Exception e) {
            writeFailure = true;
            getExceptionHandler().handleException("Failed writing HTTP response url: "
                    + getEndpoint().getPath() + " due to: " + e.getMessage(), e);
        } finally {
            doneUoW(exchange);
            releaseExchange(exchange, false);
        }
        try {
            if (writeFailure && !response.isCommitted()) {
                response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            }
        } catch (Exception e) {
            // the client is gone
        }
    }
}
