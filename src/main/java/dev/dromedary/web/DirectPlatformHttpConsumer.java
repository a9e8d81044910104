package dev.dromedary.web;

import dev.dromedary.error.BridgeException;
import dev.dromedary.security.RequestSizeFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import jakarta.servlet.http.HttpServletResponse;
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

    private final DromedaryHttpBinding binding;

    public DirectPlatformHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor, Executor executor) {
        super(endpoint, processor, executor);
        this.binding = new DromedaryHttpBinding(endpoint);
    }

    /** Runs the route and writes its answer before returning. */
    public void serve(HttpServletRequest request, HttpServletResponse response) {
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
        }
    }

    /** The client's fault where it is one (a body over the limit, a malformed query string), else a 500. */
    static BridgeException readFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeFilter.TooLarge big) {
                return new BridgeException(413, "request_too_large", big.getMessage());
            }
            if (t instanceof IllegalArgumentException
                    || t instanceof org.eclipse.jetty.http.BadMessageException bad && bad.getCode() == 400) {
                return BridgeException.invalidRequest("malformed request: " + e.getMessage());
            }
        }
        return new BridgeException(500, "api_error", "internal error");
    }

    /** As the starter's, with a binding that lets streamed bodies write themselves (see {@link DromedaryHttpBinding}). */
    @Override
    protected void afterProcess(HttpServletResponse response, Exchange exchange) {
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
