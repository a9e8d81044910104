package dev.dromedary.routes;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.processor.Exchanges;
import dev.dromedary.provider.ApiFormat;
import dev.dromedary.provider.ProviderConfig;
import dev.dromedary.provider.ProviderRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * One route per usable provider, all from the {@code openai-provider} template: convert the request, call the
 * provider over camel-http, check its status, convert the answer (streamed or not). The {@code dispatch} route
 * sends each request to the provider route chosen for it.
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

        from("direct:dispatch").routeId("dispatch")
                .toD("${exchangeProperty." + Exchanges.PROVIDER_ENDPOINT + "}");

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
