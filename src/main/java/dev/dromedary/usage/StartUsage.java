package dev.dromedary.usage;

import dev.dromedary.processor.Exchanges;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
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

    private final ObjectProvider<ProducerTemplate> templates;
    private volatile Sender sender;

    public StartUsage(ObjectProvider<ProducerTemplate> templates) {
        this.templates = templates;
    }

    /** The template and the record route's endpoint, looked up once: a URI is parsed on every send otherwise. */
    private record Sender(ProducerTemplate template, Endpoint record) {
    }

    private Sender sender() {
        Sender s = sender;
        if (s == null) {
            ProducerTemplate template = templates.getObject();
            s = sender = new Sender(template, template.getCamelContext().getEndpoint(UsageRoutes.RECORD));
        }
        return s;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(Exchanges.USAGE, new UsageCapture(Exchanges.requestId(exchange)));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    Sender s = sender();
                    s.template().sendBody(s.record(), FinishUsage.record(done));
                } catch (RuntimeException e) {
                    LOG.error("Usage record of request {} not taken", Exchanges.requestId(done), e);
                }
            }
        });
    }
}
