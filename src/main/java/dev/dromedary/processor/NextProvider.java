package dev.dromedary.processor;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.failover.Attempts;
import dev.dromedary.provider.ModelRoute;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Points the exchange at the provider to try now (see {@link Attempts#next()}), after the backoff a retry of the
 * same provider calls for. When none is left it fails the request with the one error that sums up the attempts,
 * which the failover load balancer does not retry.
 */
@Component("nextProvider")
public class NextProvider implements Processor {

    private final DromedaryProperties props;

    public NextProvider(DromedaryProperties props) {
        this.props = props;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Attempts attempts = exchange.getProperty(Exchanges.ATTEMPTS, Attempts.class);
        int cap = props.failover().maxAttempts();
        Duration wait = attempts.backoff(props.failover().maxRetryAfter());
        if (!wait.isZero()) {
            // a virtual thread: waiting costs no platform thread
            Thread.sleep(wait);
        }
        ModelRoute route = cap > 0 && attempts.size() >= cap ? null : attempts.next();
        if (route == null) {
            throw attempts.exhausted();
        }
        exchange.setProperty(Exchanges.ROUTE, route);
        exchange.setProperty(Exchanges.PROVIDER_ENDPOINT, route.endpointUri());
        exchange.setProperty(Exchanges.ATTEMPT_EXCHANGE, exchange);
    }
}
