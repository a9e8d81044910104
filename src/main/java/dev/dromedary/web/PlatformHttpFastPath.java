package dev.dromedary.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.PlatformHttpListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serves platform-http routes straight from the servlet filter chain, on the request's own virtual thread.
 * Through Spring MVC every request would go asynchronous and be dispatched twice through the container (the
 * starter's consumer answers with a CompletableFuture); here it is handled once, synchronously, which the
 * benchmark measured as the largest single cost of a request. Paths with templates, HEAD requests and anything
 * not matched still go through Spring MVC unchanged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class PlatformHttpFastPath extends OncePerRequestFilter implements PlatformHttpListener {

    private record Route(Set<String> methods, DirectPlatformHttpConsumer consumer) {
    }

    static final int RESPONSE_BUFFER = 4096;

    private final Map<String, Route> byPath = new ConcurrentHashMap<>();
    private final LongAdder served = new LongAdder();

    public PlatformHttpFastPath(CamelContext camel) {
        PlatformHttpComponent component = camel.getComponent("platform-http", PlatformHttpComponent.class);
        component.addPlatformHttpListener(this);
        component.getHttpEndpoints().forEach(this::registerHttpEndpoint);
    }

    @Override
    public void registerHttpEndpoint(HttpEndpointModel model) {
        if (model.getConsumer() instanceof DirectPlatformHttpConsumer consumer && model.getUri().indexOf('{') < 0) {
            String verbs = model.getVerbs();
            if (verbs == null) {
                verbs = ((PlatformHttpEndpoint) consumer.getEndpoint()).getHttpMethodRestrict();
            }
            Set<String> methods = verbs == null ? Set.of()
                    : Set.of(verbs.toUpperCase(Locale.ROOT).replace(" ", "").split(","));
            byPath.put(model.getUri(), new Route(methods, consumer));
        }
    }

    @Override
    public void unregisterHttpEndpoint(HttpEndpointModel model) {
        byPath.computeIfPresent(model.getUri(), (k, v) -> v.consumer() == model.getConsumer() ? null : v);
    }

    /** Requests served here rather than through Spring MVC since start. */
    public long served() {
        return served.sum();
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Route route = byPath.get(request.getRequestURI());
        String method = request.getMethod();
        if (route != null && !"HEAD".equals(method) && (route.methods().isEmpty() || route.methods().contains(method))) {
            // also the size of the copy buffer a streamed body goes through: one per open stream
            response.setBufferSize(RESPONSE_BUFFER);
            served.increment();
            route.consumer().serve(request, response);
        } else {
            chain.doFilter(request, response);
        }
    }
}
