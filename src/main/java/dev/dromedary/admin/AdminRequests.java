package dev.dromedary.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dromedary.api.Json;
import dev.dromedary.error.BridgeException;
import dev.dromedary.processor.Exchanges;
import org.apache.camel.Exchange;

/** What the admin API's processors read from a request alike: its JSON object body, and who sent it. */
final class AdminRequests {

    private AdminRequests() {
    }

    /** The body as a JSON object; otherwise a 400 that says {@code requirement}. */
    static ObjectNode objectBody(Exchange exchange, String requirement) {
        String body = exchange.getIn().getBody(String.class);
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw BridgeException.invalidRequest("request body is not valid JSON");
        }
        if (node instanceof ObjectNode o) {
            return o;
        }
        throw BridgeException.invalidRequest("request body: " + requirement);
    }

    /** The actor a change history records for an admin API request: {@code admin@<address>}. */
    static String actor(Exchange exchange) {
        return "admin@" + Exchanges.remoteAddress(exchange);
    }
}
