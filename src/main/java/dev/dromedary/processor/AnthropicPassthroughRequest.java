package dev.dromedary.processor;

import dev.dromedary.api.Json;
import dev.dromedary.convert.ModelRewrite;
import dev.dromedary.provider.ModelRoute;
import dev.dromedary.provider.ProviderConfig;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Prepares the call to an Anthropic-format provider: the client's body as it came, with the provider's model;
 * the provider's key in {@code x-api-key}; the client's {@code anthropic-version} and {@code anthropic-beta}. As
 * for OpenAI-format providers, no other client header (and never the client's credentials) goes upstream, unless an
 * operator's route adds it deliberately ({@link UpstreamHeaders}).
 */
@Component("anthropicPassthroughRequest")
public class AnthropicPassthroughRequest implements Processor {

    static final String DEFAULT_VERSION = "2023-06-01";

    private final ModelRewrite rewrite = new ModelRewrite(Json.MAPPER);

    @Override
    public void process(Exchange exchange) throws Exception {
        ModelRoute route = Exchanges.route(exchange);
        ProviderConfig provider = route.provider();
        byte[] body = rewrite.topLevel(exchange.getProperty(Exchanges.RAW_REQUEST, byte[].class), route.upstreamModel());

        Message in = exchange.getIn();
        in.getHeaders().clear();
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("Accept", Exchanges.request(exchange).streaming() ? "text/event-stream" : "application/json");
        in.setHeader("anthropic-version", exchange.getProperty(Exchanges.ANTHROPIC_VERSION, DEFAULT_VERSION, String.class));
        String beta = exchange.getProperty(Exchanges.ANTHROPIC_BETA, String.class);
        if (beta != null) {
            in.setHeader("anthropic-beta", beta);
        }
        if (provider.apiKey() != null) {
            in.setHeader("x-api-key", provider.apiKey());
        }
        for (Map.Entry<String, String> h : provider.customHeaders().entrySet()) {
            in.setHeader(h.getKey(), h.getValue());
        }
        UpstreamHeaders.apply(exchange, in);
        in.setBody(body);
    }
}
