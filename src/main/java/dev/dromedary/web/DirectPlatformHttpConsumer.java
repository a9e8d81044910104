package dev.dromedary.web;

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
            LOG.warn("Error handling request: {}", e.getMessage());
            try {
                if (!response.isCommitted()) {
                    response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
                }
            } catch (Exception ignored) {
                // the client is gone
            }
        }
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
