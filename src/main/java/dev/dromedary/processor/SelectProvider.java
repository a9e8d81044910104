package dev.dromedary.processor;

import dev.dromedary.provider.ModelRoute;
import dev.dromedary.provider.ProviderRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Chooses provider and upstream model for the requested model (see {@link ModelRouter}). */
@Component("selectProvider")
public class SelectProvider implements Processor {

    private final ProviderRegistry registry;

    public SelectProvider(ProviderRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void process(Exchange exchange) {
        ModelRoute route = registry.router().route(Exchanges.request(exchange).model());
        exchange.setProperty(Exchanges.ROUTE, route);
        exchange.setProperty(Exchanges.PROVIDER_ENDPOINT, route.endpointUri());
    }
}
