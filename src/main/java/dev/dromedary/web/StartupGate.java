package dev.dromedary.web;

import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.ErrorBody;
import dev.dromedary.convert.Ids;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.CamelContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Spring starts listening before the Camel routes are up, and stops them before it stops listening. In between,
 * a request would find no route and get a 404 that clients read as "model not found"; it gets a retryable
 * {@code 529 overloaded_error} with {@code retry-after} instead.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class StartupGate extends OncePerRequestFilter implements ApplicationListener<ContextClosedEvent> {

    private final CamelContext camel;
    private volatile boolean closing;

    public StartupGate(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closing = true;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return camel.isStarted() || request.getRequestURI().startsWith("/actuator");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (camel.isStarted()) {
            chain.doFilter(request, response);
            return;
        }
        String requestId = Ids.requestId();
        String state = closing ? "shutting down" : "starting";
        response.setStatus(529);
        response.setContentType("application/json");
        response.setHeader("retry-after", "1");
        response.setHeader("request-id", requestId);
        Json.MAPPER.writeValue(response.getOutputStream(),
                ErrorBody.of("overloaded_error", "Dromedary is " + state + "; retry shortly", requestId));
    }
}
