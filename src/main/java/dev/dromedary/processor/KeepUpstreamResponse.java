package dev.dromedary.processor;

import dev.dromedary.routes.ProviderStreams;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * The last step inside a provider's circuit breaker. The breaker runs its steps on a copy of the exchange with a
 * unit of work of its own, and camel-http closes the provider's response when the unit of work that made the call
 * ends: inside the breaker, before a streamed answer has been relayed. Handing that close over to the request's
 * own exchange keeps the response open until the request completes. A stream is also counted against its provider
 * route, which is not removed at run time while it relays ({@link ProviderStreams}).
 */
@Component("keepUpstreamResponse")
public class KeepUpstreamResponse implements Processor {

    private final ProviderStreams streams;

    public KeepUpstreamResponse(ProviderStreams streams) {
        this.streams = streams;
    }

    @Override
    public void process(Exchange exchange) {
        Exchange attempt = exchange.getProperty(Exchanges.ATTEMPT_EXCHANGE, Exchange.class);
        UnitOfWork uow = exchange.getUnitOfWork();
        if (attempt != null && attempt != exchange && uow != null) {
            uow.handoverSynchronization(attempt);
            if (Boolean.TRUE.equals(exchange.getProperty(Exchanges.STREAMING))) {
                streams.opened(Exchanges.route(exchange).routeId(), attempt);
            }
        }
    }
}
