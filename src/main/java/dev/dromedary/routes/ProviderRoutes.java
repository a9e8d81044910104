package dev.dromedary.routes;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.failover.ProviderBreakers;
import dev.dromedary.failover.ProviderFailedException;
import dev.dromedary.processor.Exchanges;
import dev.dromedary.provider.ApiFormat;
import dev.dromedary.provider.ProviderConfig;
import dev.dromedary.provider.ProviderRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * One route per usable provider ({@code provider-<name>}), from the template of its wire format: inside the
 * provider's resilience4j circuit breaker, prepare the request, call the provider over camel-http, check its
 * status and read its answer (for a stream: up to the first event). The {@code dispatch} route fails over between
 * the providers a request may use: its failover load balancer repeats {@code provider-attempt}, which sends to the
 * next candidate (see {@code Attempts}), for as long as attempts end in {@link ProviderFailedException}.
 * <p>
 * The breakers are {@code ProviderBreakers}' (bound as {@code <route id>-breaker}), so the admin API sees their
 * state; an open one throws at once ({@code throwExceptionWhenHalfOpenOrOpenState}), which fails over.
 */
@Component
public class ProviderRoutes extends RouteBuilder {

    static final String OPENAI_TEMPLATE = "openai-provider";
    static final String ANTHROPIC_TEMPLATE = "anthropic-provider";

    private final ProviderRegistry registry;
    private final ProviderBreakers breakers;
    private final DromedaryProperties props;

    public ProviderRoutes(ProviderRegistry registry, ProviderBreakers breakers, DromedaryProperties props) {
        this.registry = registry;
        this.breakers = breakers;
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

        providerTemplate(OPENAI_TEMPLATE, "anthropicToOpenAi", "openAiStreamToAnthropic", "openAiToAnthropic");
        providerTemplate(ANTHROPIC_TEMPLATE, "anthropicPassthroughRequest", "anthropicStreamPassthrough",
                "anthropicPassthroughResponse");

        for (ProviderConfig p : registry.current().usable()) {
            String breaker = p.routeId() + "-breaker";
            getCamelContext().getRegistry().bind(breaker, breakers.breaker(p));
            templatedRoute(p.apiFormat() == ApiFormat.ANTHROPIC ? ANTHROPIC_TEMPLATE : OPENAI_TEMPLATE)
                    .routeId(p.routeId())
                    .parameter("routeId", p.routeId())
                    .parameter("endpoint", endpoint(p))
                    .parameter("breaker", breaker);
        }
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
