package dev.dromedary.routes;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.failover.ProviderFailedException;
import dev.dromedary.processor.Exchanges;
import dev.dromedary.provider.ApiFormat;
import dev.dromedary.provider.ProviderConfig;
import dev.dromedary.provider.ProviderRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * One route per usable provider, all from the {@code openai-provider} template: convert the request, call the
 * provider over camel-http, check its status, convert the answer (streamed or not). The {@code dispatch} route
 * fails over between the providers a request may use: its failover load balancer repeats
 * {@code provider-attempt}, which sends to the next candidate (see {@code Attempts}) through that provider's
 * circuit breaker, for as long as attempts end in {@link ProviderFailedException}.
 * <p>
 * The breaker is resilience4j's, driven from {@code providerAttemptResult} rather than by the circuitBreaker EIP:
 * the EIP runs its steps on a copy of the exchange whose unit of work ends inside the EIP, and camel-http consumes
 * the provider's response stream when that unit of work ends, so no streamed answer survives it.
 */
@Component
public class ProviderRoutes extends RouteBuilder {

    static final String TEMPLATE = "openai-provider";

    private final ProviderRegistry registry;
    private final DromedaryProperties props;

    public ProviderRoutes(ProviderRegistry registry, DromedaryProperties props) {
        this.registry = registry;
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
                    // the provider's circuit breaker: an open one throws at once, which fails over
                    .bean("providerAttemptResult", "permit")
                    .toD("${exchangeProperty." + Exchanges.PROVIDER_ENDPOINT + "}")
                    .bean("providerAttemptResult", "answered")
                .doCatch(Exception.class)
                    .bean("providerAttemptResult", "failed")
                .end();

        routeTemplate(TEMPLATE)
                .templateParameter("routeId")
                .templateParameter("endpoint")
                .from("direct:{{routeId}}")
                    .process("anthropicToOpenAi")
                    .to("{{endpoint}}")
                    .process("checkUpstreamStatus")
                    .choice()
                        .when(exchangeProperty(Exchanges.STREAMING).isEqualTo(true))
                            .process("openAiStreamToAnthropic")
                        .otherwise()
                            .process("openAiToAnthropic")
                    .end();

        for (ProviderConfig p : registry.current().usable()) {
            if (p.apiFormat() != ApiFormat.OPENAI) {
                continue;
            }
            templatedRoute(TEMPLATE).routeId(p.routeId())
                    .parameter("routeId", p.routeId())
                    .parameter("endpoint", endpoint(p));
        }
    }

    /**
     * The camel-http endpoint of a provider. Streams need {@code disableStreamCache} (or camel-http reads the whole
     * answer before the route sees it); {@code timeout} bounds the wait for the first byte and for each read after.
     */
    String endpoint(ProviderConfig p) {
        String url = p.chatCompletionsUrl();
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
