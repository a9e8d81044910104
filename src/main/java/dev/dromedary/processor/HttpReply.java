package dev.dromedary.processor;

import dev.dromedary.api.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Sets what platform-http writes back. Every header on the message becomes a response header, so the message is
 * cleared first: nothing an upstream sent (its content-length, cookies, rate-limit headers) leaks to the client.
 */
public final class HttpReply {

    public static final String JSON = "application/json";
    public static final String EVENT_STREAM = "text/event-stream";

    private HttpReply() {
    }

    public static Message start(Exchange exchange, int status, String contentType) {
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, contentType);
        m.setHeader("request-id", Exchanges.requestId(exchange));
        return m;
    }

    public static void json(Exchange exchange, int status, Object body) {
        Message m = start(exchange, status, JSON);
        try {
            m.setBody(Json.MAPPER.writeValueAsBytes(body));
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise response", e);
        }
    }
}
