package dev.dromedary.processor;

import dev.dromedary.convert.UpstreamFormatException;
import dev.dromedary.provider.ProviderConfig;
import dev.dromedary.stream.AnthropicPassthrough;
import dev.dromedary.stream.PingTicker;
import dev.dromedary.stream.SseRelay;
import dev.dromedary.usage.UsageCapture;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.io.InputStream;

/**
 * Relays an Anthropic-format provider's stream event by event (see {@link AnthropicPassthrough}), after its first
 * event has arrived: until then the provider can still be failed over.
 */
@Component("anthropicStreamPassthrough")
public class AnthropicStreamPassthrough implements Processor {

    private final PingTicker pings;

    public AnthropicStreamPassthrough(PingTicker pings) {
        this.pings = pings;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message upstream = exchange.getMessage();
        ProviderConfig config = Exchanges.route(exchange).provider();
        String provider = config.name();
        String contentType = upstream.getHeader(Exchange.CONTENT_TYPE, "", String.class);
        if (!contentType.startsWith("text/event-stream") || !(upstream.getBody() instanceof InputStream in)) {
            throw new UpstreamFormatException("a stream was asked for, the answer was " + contentType);
        }
        UsageCapture usage = Exchanges.usage(exchange);
        SseRelay relay = SseRelay.of(in, provider, config.timeout(), pings, new AnthropicPassthrough(provider,
                Exchanges.request(exchange).model(), usage == null ? AnthropicPassthrough.Observer.NONE : usage::relayed));
        relay.awaitFirstEvent();
        Message reply = HttpReply.start(exchange, 200, HttpReply.EVENT_STREAM);
        reply.setHeader("Cache-Control", "no-cache");
        reply.setHeader("x-dromedary-provider", provider);
        reply.setBody(relay);
    }
}
