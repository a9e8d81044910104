package dev.dromedary.usage;

import dev.dromedary.api.anthropic.MessagesRequest;
import dev.dromedary.failover.Attempt;
import dev.dromedary.failover.Attempts;
import dev.dromedary.processor.Exchanges;
import dev.dromedary.provider.ModelRoute;
import dev.dromedary.stream.SseRelay;
import org.apache.camel.Exchange;

import java.util.List;

/**
 * Turns what a completed Messages request captured (for a stream: after its last byte, or after the client left)
 * into the immutable {@link RequestRecord} that the usage routes write.
 */
final class FinishUsage {

    private FinishUsage() {
    }

    static RequestRecord record(Exchange exchange) {
        UsageCapture capture = exchange.getProperty(Exchanges.USAGE, UsageCapture.class);
        MessagesRequest request = Exchanges.request(exchange);
        ModelRoute route = Exchanges.route(exchange);
        Attempts attempts = exchange.getProperty(Exchanges.ATTEMPTS, Attempts.class);
        List<RequestRecord.AttemptRecord> tried = attempts == null ? List.of() : attempts.all().stream()
                .map(FinishUsage::attempt).toList();
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        boolean left = exchange.getMessage().getBody() instanceof SseRelay relay && relay.clientGone();
        return new RequestRecord(
                capture.requestId(),
                capture.startedAtMillis(),
                exchange.getProperty(Exchanges.KEY_ID, String.class),
                request == null ? null : request.model(),
                route == null ? null : route.tier().key(),
                route == null || tried.isEmpty() ? null : route.provider().name(),
                route == null || tried.isEmpty() ? null : route.upstreamModel(),
                Boolean.TRUE.equals(exchange.getProperty(Exchanges.STREAMING, Boolean.class)),
                status,
                capture.errorType(),
                capture.inputTokens(),
                capture.outputTokens(),
                capture.cacheReadTokens(),
                capture.ttftMillis(),
                capture.elapsedMillis(),
                capture.stopReason(),
                left,
                tried);
    }

    private static RequestRecord.AttemptRecord attempt(Attempt a) {
        return new RequestRecord.AttemptRecord(a.provider(), a.model(), a.status(),
                a.succeeded() ? null : a.errorType() + ": " + a.message(), a.durationMillis());
    }
}
