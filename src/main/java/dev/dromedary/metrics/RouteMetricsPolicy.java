package dev.dromedary.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyNamingStrategy;
import org.apache.camel.support.ExchangeHelper;
import org.apache.camel.support.RoutePolicySupport;

import java.util.Arrays;

/**
 * One route's {@code camel_route_policy_seconds} timer and {@code camel_exchanges_*} counters: the series, names and
 * tags of camel-micrometer's {@code MicrometerRoutePolicy} at route level, from its own naming strategy. Camel's policy
 * keys each exchange's timer sample by a {@code String.format} of the route and exchange ids, twice per route an
 * exchange passes: 9% of all the memory a request allocated (bench/RESULTS.md, step 20). An exchange's id never
 * changes, so a key per route, made once, names the same sample.
 */
final class RouteMetricsPolicy extends RoutePolicySupport {

    private static final MicrometerRoutePolicyNamingStrategy NAMES = MicrometerRoutePolicyNamingStrategy.DEFAULT;

    private final MeterRegistry registry;
    private String sampleProperty;
    private Route route;
    private volatile Counter total;
    private Counter failed;
    private Counter succeeded;
    private Counter failuresHandled;
    private Counter externalRedeliveries;
    /** Registered at the route's first finished exchange, as Camel's policy does. */
    private volatile Timer timer;

    RouteMetricsPolicy(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onInit(Route route) {
        super.onInit(route);
        this.route = route;
        this.sampleProperty = "CamelDromedaryRouteTimer-" + route.getRouteId();
    }

    @Override
    public void onStart(Route route) {
        if (total == null) {
            failed = counter(NAMES.getExchangesFailedName(route), "Number of failed exchanges");
            succeeded = counter(NAMES.getExchangesSucceededName(route), "Number of successfully completed exchanges");
            failuresHandled = counter(NAMES.getFailuresHandledName(route), "Number of failures handled");
            externalRedeliveries = counter(NAMES.getExternalRedeliveriesName(route),
                    "Number of external initiated redeliveries (such as from JMS broker)");
            // last, and volatile: an exchange that sees it set sees the other counters too
            total = counter(NAMES.getExchangesTotalName(route), "Total number of processed exchanges");
        }
    }

    @Override
    public void onRemove(Route route) {
        for (Meter meter : Arrays.asList(total, failed, succeeded, failuresHandled, externalRedeliveries, timer)) {
            if (meter != null) {
                registry.remove(meter);
            }
        }
        total = null;
        timer = null;
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        exchange.setProperty(sampleProperty, Timer.start(registry));
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        Object sample = exchange.removeProperty(sampleProperty);
        if (total == null) {
            // the route was removed while this exchange was in it: its meters are gone and stay gone
            return;
        }
        if (sample instanceof Timer.Sample started) {
            started.stop(timer());
        }
        total.increment();
        if (exchange.isFailed()) {
            failed.increment();
            return;
        }
        succeeded.increment();
        if (ExchangeHelper.isFailureHandled(exchange)) {
            failuresHandled.increment();
        }
        if (exchange.isExternalRedelivered()) {
            externalRedeliveries.increment();
        }
    }

    private Timer timer() {
        Timer t = timer;
        if (t == null) {
            t = Timer.builder(NAMES.getName(route)).tags(NAMES.getTags(route))
                    .description("Route performance metrics").register(registry);
            timer = t;
        }
        return t;
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).tags(NAMES.getExchangeStatusTags(route)).description(description)
                .register(registry);
    }
}
