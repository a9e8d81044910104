package dev.dromedary.routes;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.failover.ProviderBreakers;
import dev.dromedary.failover.ProviderFailedException;
import dev.dromedary.processor.Exchanges;
import dev.dromedary.provider.ApiFormat;
import dev.dromedary.provider.ProviderConfig;
import dev.dromedary.provider.ProviderRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One route per usable provider ({@code provider-<name>}), from the template of its wire format: inside the
 * provider's resilience4j circuit breaker, prepare the request, call the provider over camel-http, check its
 * status and read its answer (for a stream: up to the first event). The {@code dispatch} route fails over between
 * the providers a request may use: its failover load balancer repeats {@code provider-attempt}, which sends to the
 * next candidate (see {@code Attempts}), for as long as attempts end in {@link ProviderFailedException}.
 * <p>
 * The breakers are {@code ProviderBreakers}' (bound as {@code <route id>-breaker}), so the admin API sees their
 * state; an open one throws at once ({@code throwExceptionWhenHalfOpenOrOpenState}), which fails over.
 * <p>
 * At run time {@link #apply} adds the routes of new providers (or of a new generation) and retires replaced ones:
 * a retired route stops taking requests at once, finishes those inside it, waits for its streams, then goes.
 */
@Component
public class ProviderRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRoutes.class);

    static final String OPENAI_TEMPLATE = "openai-provider";
    static final String ANTHROPIC_TEMPLATE = "anthropic-provider";

    private final ProviderRegistry registry;
    private final ProviderBreakers breakers;
    private final ProviderStreams streams;
    private final DromedaryProperties props;

    public ProviderRoutes(ProviderRegistry registry, ProviderBreakers breakers, ProviderStreams streams,
                          DromedaryProperties props) {
        this.registry = registry;
        this.breakers = breakers;
        this.streams = streams;
        this.props = props;
    }

    @Override
    public void configure() {
        // failures must reach the client-facing route untouched: its error policy (and failover) acts on them
        errorHandler(noErrorHandler());

        // round robin over the one attempt route: each round sends to the next candidate; the attempts end when
        // nextProvider runs out of candidates and throws an error the balancer does not fail over on
        from("direct:dispatch").routeId("dispatch")
                .loadBalance().failover(-1, false, true, ProviderFailedException.class)
                    .to("direct:provider-attempt")
                .end();

        from("direct:provider-attempt").routeId("provider-attempt")
                .process("nextProvider")
                .doTry()
                    .toD("${exchangeProperty." + Exchanges.PROVIDER_ENDPOINT + "}")
                    .bean("providerAttemptResult", "answered")
                .doCatch(Exception.class)
                    .bean("providerAttemptResult", "failed")
                .end();

        // provider.json edits, and providers stored by any replica's admin API, take effect without a restart
        long every = props.providers().watchInterval().toMillis();
        from("timer:provider-watch?delay=" + every + "&period=" + every).routeId("provider-watch")
                .bean("providerReloader", "poll");

        providerTemplate(OPENAI_TEMPLATE, "anthropicToOpenAi", "openAiStreamToAnthropic", "openAiToAnthropic");
        providerTemplate(ANTHROPIC_TEMPLATE, "anthropicPassthroughRequest", "anthropicStreamPassthrough",
                "anthropicPassthroughResponse");

        for (ProviderConfig p : registry.current().usable()) {
            getCamelContext().getRegistry().bind(breakerName(p), breakers.breaker(p));
            templatedRoute(template(p))
                    .routeId(p.routeId())
                    .parameter("routeId", p.routeId())
                    .parameter("endpoint", endpoint(p))
                    .parameter("breaker", breakerName(p));
        }
    }

    /** Brings the routes in line with a new provider set (see {@link ProviderRegistry#apply}). */
    public void apply(ProviderRegistry.Swap swap) throws Exception {
        swap.newBreakers().forEach(breakers::replace);
        for (ProviderConfig p : swap.added()) {
            getCamelContext().getRegistry().bind(breakerName(p), breakers.breaker(p));
            TemplatedRouteBuilder.builder(getCamelContext(), template(p))
                    .routeId(p.routeId())
                    .parameter("routeId", p.routeId())
                    .parameter("endpoint", endpoint(p))
                    .parameter("breaker", breakerName(p))
                    .add();
            LOG.info("Provider route {} added", p.routeId());
        }
        for (ProviderConfig p : swap.retired()) {
            Thread.ofVirtual().name("retire-" + p.routeId()).start(() -> retire(p));
        }
    }

    private void retire(ProviderConfig p) {
        String id = p.routeId();
        try {
            // new requests no longer choose it; those inside finish within the provider's timeouts
            long grace = p.timeout().plus(props.connectTimeout()).plusSeconds(5).toSeconds();
            getCamelContext().getRouteController().stopRoute(id, grace, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + props.providers().drainTimeout().toNanos();
            while (streams.open(id) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(Duration.ofMillis(200));
            }
            if (streams.open(id) > 0) {
                LOG.warn("Provider route {}: {} stream(s) still open after {}; removing it ends them", id,
                        streams.open(id), props.providers().drainTimeout());
            }
            getCamelContext().removeRoute(id);
            getCamelContext().getRegistry().unbind(breakerName(p));
            streams.forget(id);
            if (registry.current().usable().stream().noneMatch(c -> c.name().equals(p.name()))) {
                breakers.remove(p.name());
            }
            LOG.info("Provider route {} retired", id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Provider route {} could not be retired: {}", id, e.toString());
        }
    }

    private static String template(ProviderConfig p) {
        return p.apiFormat() == ApiFormat.ANTHROPIC ? ANTHROPIC_TEMPLATE : OPENAI_TEMPLATE;
    }

    private static String breakerName(ProviderConfig p) {
        return p.routeId() + "-breaker";
    }

    /**
     * A provider route: everything that can fail before the client's 200 runs inside the breaker, so that it
     * counts there and can fail over; the last step keeps the provider's response open past the breaker.
     */
    private void providerTemplate(String id, String prepare, String streamAnswer, String answer) {
        routeTemplate(id)
                .templateParameter("routeId")
                .templateParameter("endpoint")
                .templateParameter("breaker")
                .from("direct:{{routeId}}")
                    .circuitBreaker()
                        .resilience4jConfiguration()
                            .circuitBreaker("{{breaker}}")
                            .throwExceptionWhenHalfOpenOrOpenState(true)
                        .end()
                        // the ids name the spans of a trace (see TracingConfig)
                        .process(prepare).id("convert-request")
                        .to("{{endpoint}}").id("call-provider")
                        .process("checkUpstreamStatus").id("check-status")
                        .choice()
                            .when(exchangeProperty(Exchanges.STREAMING).isEqualTo(true))
                                .process(streamAnswer).id("convert-stream")
                            .otherwise()
                                .process(answer).id("convert-answer")
                        .end()
                        .process("keepUpstreamResponse")
                    .end();
    }

    /**
     * The camel-http endpoint of a provider. Streams need {@code disableStreamCache} (or camel-http reads the whole
     * answer before the route sees it); {@code timeout} bounds the wait for the first byte and for each read after.
     */
    String endpoint(ProviderConfig p) {
        String url = p.apiFormat() == ApiFormat.ANTHROPIC ? p.messagesUrl() : p.chatCompletionsUrl();
        long timeout = p.timeout().toMillis();
        return url + (url.contains("?") ? "&" : "?")
                + "bridgeEndpoint=true&throwExceptionOnFailure=false&disableStreamCache=true"
                + "&httpMethod=POST&userAgent=dromedary&httpClientConfigurer=#upstreamHttpClient&copyHeaders=false"
                + "&maxTotalConnections=10000&connectionsPerRoute=10000"
                + "&httpConnection.connectTimeout=" + props.connectTimeout().toMillis()
                + "&httpConnection.socketTimeout=" + timeout
                + "&httpClient.responseTimeout=" + timeout;
    }
}
