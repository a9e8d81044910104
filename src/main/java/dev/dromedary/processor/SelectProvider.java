package dev.dromedary.processor;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.provider.ModelRoute;
import dev.dromedary.provider.ModelRouter;
import dev.dromedary.provider.ProviderRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Chooses provider and upstream model for the requested model (see {@link ModelRouter}). */
@Component("selectProvider")
public class SelectProvider implements Processor {

    private final ProviderRegistry registry;
    private final DromedaryProperties props;

    public SelectProvider(ProviderRegistry registry, DromedaryProperties props) {
        this.registry = registry;
        this.props = props;
    }

    @Override
    public void process(Exchange exchange) {
        ModelRoute route = ModelRouter.route(registry.current(), Exchanges.request(exchange).model(), props.defaultTier());
        exchange.setProperty(Exchanges.ROUTE, route);
        exchange.setProperty(Exchanges.PROVIDER_ENDPOINT, "direct:" + route.provider().routeId());
    }
}
