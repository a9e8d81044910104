package dev.dromedary.processor;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Headers that routes ask to add to the provider call, as exchange properties named
 * {@link Exchanges#UPSTREAM_HEADER_PREFIX}{@code <header name>}. Client headers never reach a provider by
 * themselves (the request is prepared from scratch); this is how an operator's route passes one on deliberately.
 * Applied last, so a route may also replace a provider's {@code custom_headers}.
 */
final class UpstreamHeaders {

    /** Headers that describe the connection or the body this bridge writes: setting them would break the call. */
    private static final Set<String> RESERVED = Set.of("content-length", "content-type", "host", "transfer-encoding",
            "connection");

    private UpstreamHeaders() {
    }

    static void apply(Exchange exchange, Message upstream) {
        for (Map.Entry<String, Object> p : exchange.getProperties().entrySet()) {
            if (p.getKey().startsWith(Exchanges.UPSTREAM_HEADER_PREFIX) && p.getValue() != null) {
                String name = p.getKey().substring(Exchanges.UPSTREAM_HEADER_PREFIX.length());
                String value = p.getValue().toString();
                // empty: what "${header.X}" gives for a header the client did not send
                if (!name.isEmpty() && !value.isEmpty() && !RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                    upstream.setHeader(name, value);
                }
            }
        }
    }
}
