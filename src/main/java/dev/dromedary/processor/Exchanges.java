package dev.dromedary.processor;

import dev.dromedary.api.anthropic.MessagesRequest;
import dev.dromedary.provider.ModelRoute;
import dev.dromedary.usage.UsageCapture;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/** Names and typed access for what a request carries through the routes as exchange properties. */
public final class Exchanges {

    public static final String REQUEST_ID = "dromedaryRequestId";
    public static final String REQUEST = "dromedaryRequest";
    public static final String ROUTE = "dromedaryRoute";
    /** {@code direct:} endpoint of the chosen provider's route; the dispatch route sends there. */
    public static final String PROVIDER_ENDPOINT = "dromedaryProviderEndpoint";
    public static final String STREAMING = "dromedaryStreaming";
    public static final String INPUT_TOKENS = "dromedaryInputTokens";
    /** The {@code Attempts} of the request: candidates in order and how each try went. */
    public static final String ATTEMPTS = "dromedaryAttempts";
    /** The id of the client key the request came with (null: no key, a loopback client before keys exist). */
    public static final String KEY_ID = "dromedaryKeyId";
    /** The request's {@code UsageCapture}: what its usage record will say. */
    public static final String USAGE = "dromedaryUsage";
    /** The exchange of the current provider attempt, which the provider's response must outlive. */
    public static final String ATTEMPT_EXCHANGE = "dromedaryAttemptExchange";
    /** The request body as the client sent it: what an Anthropic-format provider gets. */
    public static final String RAW_REQUEST = "dromedaryRawRequest";
    /** The client's {@code anthropic-version} and {@code anthropic-beta} headers, for Anthropic-format providers. */
    public static final String ANTHROPIC_VERSION = "dromedaryAnthropicVersion";
    public static final String ANTHROPIC_BETA = "dromedaryAnthropicBeta";
    /** The request body's share of {@code RequestMemory}, given back when the body is no longer held. */
    public static final String BODY_RESERVATION = "dromedaryBodyReservation";
    /**
     * Prefix of properties that YAML routes set to add a header to the provider call:
     * {@code dromedaryUpstreamHeader.X-Team} becomes {@code X-Team} (see {@link UpstreamHeaders}).
     */
    public static final String UPSTREAM_HEADER_PREFIX = "dromedaryUpstreamHeader.";

    private Exchanges() {
    }

    public static String requestId(Exchange exchange) {
        String id = exchange.getProperty(REQUEST_ID, String.class);
        if (id == null) {
            id = dev.dromedary.convert.Ids.requestId();
            exchange.setProperty(REQUEST_ID, id);
        }
        return id;
    }

    public static MessagesRequest request(Exchange exchange) {
        return exchange.getProperty(REQUEST, MessagesRequest.class);
    }

    /** The request's usage capture, or null outside a Messages request. */
    public static UsageCapture usage(Exchange exchange) {
        return exchange.getProperty(USAGE, UsageCapture.class);
    }

    /** The client address as the servlet container saw it. */
    public static String remoteAddress(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage m && m.getRequest() != null) {
            return m.getRequest().getRemoteAddr();
        }
        return "unknown";
    }

    /**
     * Once a stream is relayed nothing sends its request again (failover ends at the provider's first event): the
     * body as the client sent it and the parsed conversation are dropped from the request's exchange and from its
     * provider attempt's, so that an open stream holds a few kilobytes instead of several times its request
     * (Claude Code's are 50 KB to several MB, and its streams last minutes).
     */
    public static void releaseRequestContent(Exchange exchange) {
        if (exchange.getProperty(BODY_RESERVATION) instanceof RequestMemory.Reservation reservation) {
            reservation.release();
        }
        Exchange attempt = exchange.getProperty(ATTEMPT_EXCHANGE, Exchange.class);
        release(exchange);
        if (attempt != null && attempt != exchange) {
            release(attempt);
        }
    }

    private static void release(Exchange exchange) {
        exchange.removeProperty(RAW_REQUEST);
        // camel-http answers in an out message: the in message still holds the request as read or as converted
        Message in = exchange.getIn();
        if (in != exchange.getMessage() && in.getBody() instanceof byte[]) {
            in.setBody(null);
        }
        MessagesRequest req = request(exchange);
        if (req != null) {
            exchange.setProperty(REQUEST, req.withoutContent());
        }
    }

    public static ModelRoute route(Exchange exchange) {
        return exchange.getProperty(ROUTE, ModelRoute.class);
    }
}
