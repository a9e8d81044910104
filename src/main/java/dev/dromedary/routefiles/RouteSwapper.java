package dev.dromedary.routefiles;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.error.BridgeException;
import dev.dromedary.web.RouteSwapGate;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RouteController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Replaces the routes of one file in the running context, leaving every other route alone.
 * <p>
 * Camel allows one route per id, so the new version can only start once the old one has stopped, and it stops
 * gracefully: new requests for its HTTP paths wait at the {@link RouteSwapGate} (a {@code direct:} consumer is
 * suspended by Camel instead, and its callers wait as direct endpoints do), while the exchanges still inside the
 * old route finish there. A streamed answer is not among them: its route ends at the first event and the body is
 * written afterwards, so a stream in progress does not delay a reload and keeps streaming from the old version
 * (measured in {@code RouteReloadTest}: about 10 ms). What does wait is a request still waiting for its
 * provider's first byte or for a whole non-streamed answer.
 * <p>
 * If the old routes do not drain within {@code dromedary.routes.drain-timeout}, the reload is given up and they
 * resume: forcing them would cut those requests off (once its route is stopped, Camel fails an exchange at its
 * next step: measured while building this, a request inside a forced route with a step after the provider call
 * got an empty 500). If the new version fails to start, the old one is put back.
 */
@Component
public class RouteSwapper {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSwapper.class);

    private final CamelContext camel;
    private final RouteSwapGate gate;
    private final Duration drainTimeout;

    public RouteSwapper(CamelContext camel, RouteSwapGate gate, DromedaryProperties props) {
        this.camel = camel;
        this.gate = gate;
        this.drainTimeout = props.routes().drainTimeout();
    }

    /**
     * Stops and removes the routes {@code oldIds}, then adds and starts {@code newRoutes}.
     *
     * @param restore the old routes' definitions afresh, to put them back if the new ones fail to start
     * @throws BridgeException 503 when the old routes did not drain in time, 400 when the new ones fail to start;
     *                         in both cases the old routes run as before
     */
    public void swap(String file, List<String> oldIds, List<RouteDefinition> newRoutes,
                     Supplier<List<RouteDefinition>> restore) {
        Set<String> paths = new HashSet<>(httpPaths(oldIds));
        try (RouteSwapGate.Hold ignored = gate.hold(paths)) {
            stopAll(file, oldIds);
            Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
            remove(model, oldIds);
            try {
                model.addRouteDefinitions(newRoutes);
            } catch (Exception e) {
                LOG.error("The new routes of {} failed to start; the previous ones are back", file, e);
                remove(model, newRoutes.stream().map(RouteDefinition::getRouteId).toList());
                addBack(file, model, restore.get());
                throw BridgeException.invalidRequest(file + ": the routes failed to start: "
                        + RouteFileParser.messages(e));
            }
        }
    }

    /** Stops each route once nothing is inside it; if one does not drain in time, restarts those already stopped. */
    private void stopAll(String file, List<String> ids) {
        RouteController routes = camel.getRouteController();
        List<String> stopped = new ArrayList<>();
        for (String id : ids) {
            Route route = camel.getRoute(id);
            if (route == null) {
                continue;
            }
            boolean drained;
            try {
                long deadline = System.nanoTime() + drainTimeout.toNanos();
                if (gated(route)) {
                    awaitIdle(id, deadline);
                }
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                drained = routes.stopRoute(id, left, TimeUnit.MILLISECONDS, true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping route " + id, e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop route " + id, e);
            }
            if (!drained) {
                int inside = camel.getInflightRepository().size(id);
                for (String back : stopped) {
                    try {
                        routes.startRoute(back);
                    } catch (Exception e) {
                        LOG.error("Route {} could not be restarted after an abandoned reload of {}", back, file, e);
                    }
                }
                throw new BridgeException(503, "overloaded_error", file + ": route '" + id + "' still had "
                        + inside + " request(s) in progress after " + drainTimeout.toSeconds() + " s "
                        + "(dromedary.routes.drain-timeout); nothing was changed and they continue; retry later",
                        Duration.ofSeconds(5), null);
            }
            stopped.add(id);
        }
    }

    /**
     * Waits until no exchange is inside the route, checking every 10 ms. Camel's graceful stop checks once a
     * second, so a request that ends 50 ms into a reload would hold new ones for a whole second; with the gate
     * keeping new HTTP requests out, the route is usually idle by the time Camel looks and stops at once. Only
     * for routes behind the gate: into any other, exchanges keep coming until Camel suspends its consumer.
     */
    private void awaitIdle(String id, long deadline) throws InterruptedException {
        while (camel.getInflightRepository().size(id) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private void remove(Model model, List<String> ids) {
        for (String id : ids) {
            try {
                RouteDefinition definition = model.getRouteDefinition(id);
                if (definition != null) {
                    // stops the route (at once: it was drained, or never served) and removes it
                    model.removeRouteDefinition(definition);
                } else if (camel.getRoute(id) != null) {
                    camel.getRouteController().stopRoute(id);
                    camel.removeRoute(id);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot remove route " + id, e);
            }
        }
    }

    private static void addBack(String file, Model model, List<RouteDefinition> previous) {
        try {
            model.addRouteDefinitions(previous);
        } catch (Exception e) {
            LOG.error("The previous routes of {} could not be restarted either", file, e);
        }
    }

    /** The HTTP paths the running routes {@code ids} serve, whose requests must wait during the reload. */
    private Set<String> httpPaths(List<String> ids) {
        Set<String> paths = new HashSet<>();
        for (String id : ids) {
            Route route = camel.getRoute(id);
            if (gated(route)) {
                paths.add(((PlatformHttpEndpoint) route.getEndpoint()).getPath());
            }
        }
        return paths;
    }

    /** Served from the fast path, where the gate is; paths with templates go through Spring MVC. */
    private static boolean gated(Route route) {
        return route != null && route.getEndpoint() instanceof PlatformHttpEndpoint http
                && http.getPath().indexOf('{') < 0;
    }
}
