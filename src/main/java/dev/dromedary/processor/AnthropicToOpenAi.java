package dev.dromedary.processor;

import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.MessagesRequest;
import dev.dromedary.convert.Conversion;
import dev.dromedary.convert.RequestConverter;
import dev.dromedary.provider.ModelRoute;
import dev.dromedary.provider.ProviderConfig;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Converts the request for the chosen OpenAI-format provider and prepares the upstream call. All incoming
 * headers are dropped first: the client's credentials and headers never reach a provider, only the provider's
 * key, its {@code custom_headers}, the content headers and what an operator's route adds deliberately
 * ({@link UpstreamHeaders}).
 */
@Component("anthropicToOpenAi")
public class AnthropicToOpenAi implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AnthropicToOpenAi.class);
    private static final int MAX_LOGGED_NOTES = 500;

    private final RequestConverter converter = new RequestConverter(Json.MAPPER);
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    @Override
    public void process(Exchange exchange) throws Exception {
        MessagesRequest req = Exchanges.request(exchange);
        ModelRoute route = Exchanges.route(exchange);
        ProviderConfig provider = route.provider();
        Conversion conversion = converter.convert(req, route.upstreamModel(), provider.conversionOptions());
        logOnce(provider.name(), conversion);

        Message in = exchange.getIn();
        in.getHeaders().clear();
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("Accept", req.streaming() ? "text/event-stream" : "application/json");
        if (provider.apiKey() != null) {
            in.setHeader("Authorization", "Bearer " + provider.apiKey());
        }
        for (Map.Entry<String, String> h : provider.customHeaders().entrySet()) {
            in.setHeader(h.getKey(), h.getValue());
        }
        UpstreamHeaders.apply(exchange, in);
        in.setBody(Json.MAPPER.writeValueAsBytes(conversion.request()));
    }

    private void logOnce(String provider, Conversion conversion) {
        for (String note : conversion.notes()) {
            if (note.startsWith("max_tokens")) {
                LOG.debug("[{}] {}", provider, note);
            } else if (logged.size() < MAX_LOGGED_NOTES && logged.add(provider + '\u0000' + note)) {
                LOG.info("[{}] {} (logged once)", provider, note);
            }
        }
    }
}
