package dev.dromedary.usage;

import dev.dromedary.processor.Exchanges;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * First step of a Messages request: from here on it will leave a {@link RequestRecord}, whatever happens. When
 * the request's unit of work is done (for a stream: after its last byte, or after the client left), its immutable
 * record goes to the {@code usage-record} route, which wire-taps it to the usage queue.
 * <p>
 * A unit-of-work synchronisation rather than the onCompletion EIP: a route-scoped onCompletion only fires when the
 * exchange ends in the route that declared it, and an answered request ends in the provider routes.
 */
@Component("startUsage")
public class StartUsage implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(StartUsage.class);

    private final ProducerTemplate template;

    public StartUsage(@Lazy ProducerTemplate template) {
        this.template = template;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(Exchanges.USAGE, new UsageCapture(Exchanges.requestId(exchange)));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    template.sendBody(UsageRoutes.RECORD, FinishUsage.record(done));
                } catch (RuntimeException e) {
                    LOG.error("Usage record of request {} not taken", Exchanges.requestId(done), e);
                }
            }
        });
    }
}
