package dev.dromedary.processor;

import dev.dromedary.failover.Attempts;
import dev.dromedary.provider.ModelRoute;
import dev.dromedary.provider.ProviderRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Lists the providers and upstream models a request may try, in order (see {@code ModelRouter}); an
 * {@code X-Provider-Name} header pins one provider, without failover.
 */
@Component("selectProvider")
public class SelectProvider implements Processor {

    public static final String FORCE_HEADER = "X-Provider-Name";

    private final ProviderRegistry registry;

    public SelectProvider(ProviderRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void process(Exchange exchange) {
        String forced = exchange.getMessage().getHeader(FORCE_HEADER, String.class);
        List<ModelRoute> candidates = registry.router().candidates(Exchanges.request(exchange).model(),
                forced == null || forced.isBlank() ? null : forced.trim());
        exchange.setProperty(Exchanges.ATTEMPTS, new Attempts(candidates));
        exchange.setProperty(Exchanges.ROUTE, candidates.getFirst());
        exchange.setProperty(Exchanges.PROVIDER_ENDPOINT, candidates.getFirst().endpointUri());
    }
}
