package dev.dromedary.processor;

import dev.dromedary.api.anthropic.ErrorBody;
import dev.dromedary.error.BridgeException;
import dev.dromedary.error.ErrorMapper;
import dev.dromedary.provider.ModelRoute;
import dev.dromedary.usage.UsageCapture;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Renders the exception that ended a request as an Anthropic error body with its status, a {@code request-id}
 * and, when known, {@code retry-after}. Only unexpected failures are logged with a stack trace.
 */
@Component("anthropicError")
public class AnthropicError implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AnthropicError.class);

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ModelRoute route = Exchanges.route(exchange);
        String provider = route == null ? null : route.provider().name();
        BridgeException error = ErrorMapper.map(failure, provider);
        String requestId = Exchanges.requestId(exchange);
        if (error.status() == 500) {
            LOG.error("Request {} failed", requestId, failure);
        } else if (error.status() >= 500) {
            LOG.warn("Request {}: {} {}", requestId, error.status(), error.getMessage());
        } else {
            LOG.info("Request {}: {} {}", requestId, error.status(), error.getMessage());
        }
        HttpReply.json(exchange, error.status(), ErrorBody.of(error.errorType(), error.getMessage(), requestId));
        UsageCapture usage = Exchanges.usage(exchange);
        if (usage != null) {
            usage.failed(error.errorType());
        }
        if (error.retryAfter() != null) {
            long seconds = Math.max(1, (error.retryAfter().toMillis() + 999) / 1000);
            exchange.getMessage().setHeader("retry-after", String.valueOf(seconds));
        }
        if (provider != null) {
            exchange.getMessage().setHeader("x-dromedary-provider", provider);
        }
    }
}
