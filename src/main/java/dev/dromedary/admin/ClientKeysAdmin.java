package dev.dromedary.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.dromedary.error.BridgeException;
import dev.dromedary.processor.HttpReply;
import dev.dromedary.security.ClientKey;
import dev.dromedary.security.ClientKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * {@code POST /admin/api/keys} creates a client key and answers it once; {@code GET} lists keys without them;
 * {@code DELETE /admin/api/keys/{id}} revokes one at once.
 */
@Component("clientKeysAdmin")
public class ClientKeysAdmin implements Processor {

    /** A key as listed: the stored fields and its state now. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Listed(String id, String name, String ownerEmail, String prefix, String createdAt, String lastUsedAt,
                         String expiresAt, String revokedAt, String state, Integer requestsPerMinute,
                         Long tokensPerMinute, Long tokensPerDay) {
        static Listed of(ClientKey k) {
            return new Listed(k.id(), k.name(), k.ownerEmail(), k.prefix(), k.createdAt(), k.lastUsedAt(),
                    k.expiresAt(), k.revokedAt(), k.state(Instant.now()), k.requestsPerMinute(), k.tokensPerMinute(),
                    k.tokensPerDay());
        }
    }

    /** A key as created: the listing plus the key itself, which is never shown again. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Created(String key, @com.fasterxml.jackson.annotation.JsonUnwrapped Listed details) {
    }

    private final ClientKeys keys;

    public ClientKeysAdmin(ClientKeys keys) {
        this.keys = keys;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String method = exchange.getIn().getHeader(Exchange.HTTP_METHOD, String.class);
        switch (method) {
            case "POST" -> create(exchange);
            case "DELETE" -> revoke(exchange, exchange.getIn().getHeader("id", String.class));
            default -> HttpReply.json(exchange, 200, java.util.Map.of("keys",
                    keys.list().stream().map(Listed::of).toList()));
        }
    }

    private void create(Exchange exchange) throws Exception {
        JsonNode req = AdminRequests.objectBody(exchange, "a JSON object with at least \"name\" is required");
        String name = req.path("name").asText("").strip();
        if (name.isEmpty() || name.length() > 200) {
            throw BridgeException.invalidRequest("name: required, at most 200 characters");
        }
        String email = text(req, "owner_email");
        if (email != null && (email.length() > 320 || !email.matches("[^@\\s]+@[^@\\s]+"))) {
            throw BridgeException.invalidRequest("owner_email: not an email address");
        }
        Instant expires = expiry(req);
        JsonNode limits = req.path("limits");
        ClientKeys.Created created = keys.create(name, email, expires, positiveInt(limits, "requests_per_minute"),
                positiveLong(limits, "tokens_per_minute"), positiveLong(limits, "tokens_per_day"));
        HttpReply.json(exchange, 201, new Created(created.secret(), Listed.of(created.key())));
    }

    private void revoke(Exchange exchange, String id) {
        if (id == null || !keys.revoke(id)) {
            throw BridgeException.notFound("no client key with id '" + id + "'");
        }
        HttpReply.json(exchange, 200, Listed.of(keys.find(id)));
    }

    private static Instant expiry(JsonNode req) {
        String at = text(req, "expires_at");
        if (at != null) {
            try {
                Instant t = Instant.parse(at);
                if (!t.isAfter(Instant.now())) {
                    throw BridgeException.invalidRequest("expires_at: must be in the future");
                }
                return t;
            } catch (DateTimeParseException e) {
                throw BridgeException.invalidRequest("expires_at: an ISO-8601 instant such as 2026-12-31T23:59:59Z");
            }
        }
        Long days = positiveLong(req, "expires_in_days");
        return days == null ? null : Instant.now().plus(Duration.ofDays(days));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText().strip();
    }

    private static Integer positiveInt(JsonNode node, String field) {
        Long v = positiveLong(node, field);
        if (v != null && v > Integer.MAX_VALUE) {
            throw BridgeException.invalidRequest(field + ": too large");
        }
        return v == null ? null : v.intValue();
    }

    private static Long positiveLong(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 1) {
            throw BridgeException.invalidRequest(field + ": a whole number of at least 1");
        }
        return v.asLong();
    }
}
