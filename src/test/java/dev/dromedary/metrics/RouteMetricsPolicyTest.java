package dev.dromedary.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteMetricsPolicyTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("dromedary");
        camel.addRoutePolicyFactory(new RouteMetricsPolicyFactory(registry, "usage-*,dispatch"));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ok").routeId("ok").to("direct:dispatch");
                from("direct:dispatch").routeId("dispatch").setBody(constant("done"));
                from("direct:fails").routeId("fails").throwException(new IllegalStateException("no"));
                from("direct:handled").routeId("handled")
                        .onException(IllegalStateException.class).handled(true).end()
                        .throwException(new IllegalStateException("handled"));
                from("direct:usage").routeId("usage-write").setBody(constant("row"));
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void eachRouteCountsItsExchangesAndTimesThemUnderCamelsOwnNamesAndTags() {
        template.sendBody("direct:ok", "x");
        template.sendBody("direct:ok", "x");
        assertThatThrownBy(() -> template.sendBody("direct:fails", "x")).hasRootCauseMessage("no");
        template.sendBody("direct:handled", "x");

        assertThat(count("camel.exchanges.total", "ok")).isEqualTo(2);
        assertThat(count("camel.exchanges.succeeded", "ok")).isEqualTo(2);
        assertThat(registry.get("camel.route.policy").tag("routeId", "ok").tag("kind", "CamelRoute")
                .tag("camelContext", "dromedary").tag("eventType", "route").timer().count()).isEqualTo(2);
        assertThat(count("camel.exchanges.failed", "fails")).isEqualTo(1);
        assertThat(count("camel.exchanges.succeeded", "fails")).isZero();
        assertThat(count("camel.exchanges.failures.handled", "handled")).isEqualTo(1);
        assertThat(count("camel.exchanges.external.redeliveries", "ok")).isZero();
        // the sample is gone once the exchange is done: nothing of the policy stays on it
        assertThat(template.send("direct:ok", e -> { }).getProperties()).noneSatisfy((k, v) ->
                assertThat(k).startsWith("CamelDromedaryRouteTimer"));
    }

    @Test
    void excludedRoutesHaveNoMeters() {
        template.sendBody("direct:ok", "x");
        template.sendBody("direct:usage", "x");

        assertThat(registry.find("camel.exchanges.total").tag("routeId", "dispatch").counter()).isNull();
        assertThat(registry.find("camel.exchanges.total").tag("routeId", "usage-write").counter()).isNull();
        assertThat(registry.find("camel.route.policy").tag("routeId", "dispatch").timer()).isNull();
    }

    @Test
    void aRemovedRouteTakesItsMetersWithItAndARouteAddedLaterGetsItsOwn() throws Exception {
        template.sendBody("direct:ok", "x");
        camel.getRouteController().stopRoute("ok");
        camel.removeRoute("ok");

        assertThat(registry.find("camel.exchanges.total").tag("routeId", "ok").counter()).isNull();
        assertThat(registry.find("camel.route.policy").tag("routeId", "ok").timer()).isNull();

        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ok").routeId("ok").setBody(constant("swapped"));
            }
        });
        template.sendBody("direct:ok", "x");
        assertThat(count("camel.exchanges.total", "ok")).isEqualTo(1);
        Timer timer = registry.get("camel.route.policy").tag("routeId", "ok").timer();
        assertThat(timer.count()).isEqualTo(1);
    }

    private double count(String name, String routeId) {
        Counter counter = registry.get(name).tag("routeId", routeId).tag("kind", "CamelRoute")
                .tag("camelContext", "dromedary").tag("eventType", "route").counter();
        return counter.count();
    }
}
