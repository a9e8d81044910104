package dev.dromedary.web;

import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.ErrorBody;
import dev.dromedary.convert.Ids;
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
            // reading the request into an exchange failed before any route ran: a malformed %-escape in the query
            // is the client's fault, anything else ours
            boolean malformed = malformedRequest(e);
            if (!malformed) {
                LOG.warn("Error handling request: {}", e.getMessage());
            }
            try {
                if (!response.isCommitted()) {
                    int status = malformed ? HttpServletResponse.SC_BAD_REQUEST : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
                    response.setStatus(status);
                    response.setContentType("application/json");
                    Json.MAPPER.writeValue(response.getOutputStream(), ErrorBody.of(
                            malformed ? "invalid_request_error" : "api_error",
                            malformed ? "malformed request: " + e.getMessage() : "internal error", Ids.requestId()));
                }
            } catch (Exception ignored) {
                // the client is gone
            }
        }
    }

    /** Jetty's own verdict on the request (a bad query string), or a decoding failure of it. */
    private static boolean malformedRequest(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException
                    || t instanceof org.eclipse.jetty.http.BadMessageException bad && bad.getCode() == 400) {
                return true;
            }
        }
        return false;
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
