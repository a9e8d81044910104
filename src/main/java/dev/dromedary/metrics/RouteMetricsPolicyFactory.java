package dev.dromedary.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.PatternHelper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Camel's route metrics ({@code camel_exchanges_*}, {@code camel_route_policy_seconds}) for every route but those
 * {@code camel.metrics.route-policy-exclude-pattern} names, through {@link RouteMetricsPolicy} in place of
 * camel-micrometer's own policy ({@code camel.metrics.enable-route-policy} stays off: both would count every exchange
 * twice). Camel adds every {@code RoutePolicyFactory} bean to each route it creates, also routes swapped in later.
 */
@Component
public class RouteMetricsPolicyFactory implements RoutePolicyFactory {

    private final MeterRegistry registry;
    private final String[] excluded;

    public RouteMetricsPolicyFactory(MeterRegistry registry,
                                     @Value("${camel.metrics.route-policy-exclude-pattern:}") String excludePattern) {
        this.registry = registry;
        this.excluded = excludePattern.isBlank() ? new String[0] : excludePattern.split(",");
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return routeId != null && PatternHelper.matchPatterns(routeId, excluded) ? null : new RouteMetricsPolicy(registry);
    }
}
