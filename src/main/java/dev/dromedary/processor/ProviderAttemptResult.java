package dev.dromedary.processor;

import dev.dromedary.error.BridgeException;
import dev.dromedary.failover.Attempts;
import dev.dromedary.failover.Failures;
import dev.dromedary.failover.ProviderFailedException;
import dev.dromedary.provider.ModelRoute;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records how a provider attempt ended (the provider's circuit breaker, in its route, has counted it already). A
 * failure another provider may not have (connection refused, timeout, 429, 5xx, open breaker) is rethrown as {@link ProviderFailedException}, on which the {@code dispatch} route fails
 * over; the client's own errors are rethrown as they are and reach the client at once.
 */
@Component("providerAttemptResult")
public class ProviderAttemptResult {

    private static final Logger LOG = LoggerFactory.getLogger("dromedary.requests");

    /** After a provider answered: the attempt succeeded. */
    public void answered(Exchange exchange) {
        Attempts attempts = exchange.getProperty(Exchanges.ATTEMPTS, Attempts.class);
        ModelRoute route = Exchanges.route(exchange);
        attempts.succeeded(route);
        if (attempts.size() > 1) {
            LOG.info("Request {} answered by provider {} after failover: {}", Exchanges.requestId(exchange),
                    route.provider().name(), attempts.all().stream().map(a -> a.describe()).toList());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("Request {} answered by provider {} ({})", Exchanges.requestId(exchange),
                    route.provider().name(), route.upstreamModel());
        }
    }

    /** In the attempt's catch block: classify, record and rethrow. */
    public void failed(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ModelRoute route = Exchanges.route(exchange);
        String provider = route.provider().name();
        Attempts attempts = exchange.getProperty(Exchanges.ATTEMPTS, Attempts.class);
        boolean breakerOpen = Failures.breakerOpen(caught);
        BridgeException error = Failures.map(caught, provider);
        attempts.failed(route, error, breakerOpen);
        if (Failures.clientFault(caught)) {
            throw error;
        }
        LOG.warn("Request {}: provider {} ({}) failed: {}", Exchanges.requestId(exchange), provider,
                route.upstreamModel(), error.getMessage());
        throw new ProviderFailedException(error);
    }
}
