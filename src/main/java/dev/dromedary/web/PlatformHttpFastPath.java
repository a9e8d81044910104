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
 * not matched still go through Spring MVC unchanged. While the route of a path is being reloaded, its requests
 * wait for the reload ({@link RouteSwapGate}) instead of finding the old consumer suspended or no consumer.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class PlatformHttpFastPath extends OncePerRequestFilter implements PlatformHttpListener {

    private record Route(Set<String> methods, DirectPlatformHttpConsumer consumer) {
    }

    static final int RESPONSE_BUFFER = 4096;

    private final Map<String, Route> byPath = new ConcurrentHashMap<>();
    private final LongAdder served = new LongAdder();
    private final RouteSwapGate swaps;

    public PlatformHttpFastPath(CamelContext camel, RouteSwapGate swaps) {
        this.swaps = swaps;
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
        String path = request.getRequestURI();
        if (swaps.isHeld(path)) {
            // the old route is draining: a request let in now would keep it from ever draining under load
            swaps.awaitRelease(path);
        }
        Route route = byPath.get(path);
        String method = request.getMethod();
        if (route != null && !"HEAD".equals(method) && (route.methods().isEmpty() || route.methods().contains(method))) {
            // also the size of the copy buffer a streamed body goes through: one per open stream
            response.setBufferSize(RESPONSE_BUFFER);
            served.increment();
            if (!route.consumer().serve(request, response)) {
                // a reload suspended the consumer between the lookup and now: wait for it, then take the new one
                swaps.awaitRelease(path);
                Route now = byPath.get(path);
                if (now == null || !now.consumer().serve(request, response)) {
                    // as StartupGate answers: a retryable overload, which clients retry by themselves
                    response.setHeader("retry-after", "1");
                    ServletErrors.write(response, 529, "overloaded_error", "the route of " + path
                            + " is not serving right now (reloading or stopping); retry shortly");
                }
            }
        } else {
            chain.doFilter(request, response);
        }
    }
}
