package dev.dromedary.security;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.error.BridgeException;
import dev.dromedary.processor.Exchanges;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * The first step of every {@code /v1} route. Until a client key exists (and unless {@code dromedary.auth.required}),
 * only loopback clients are served. From then on every request needs a usable key, as {@code x-api-key} or
 * {@code Authorization: Bearer}; missing, unknown, expired and revoked keys all get the same 401. An address that
 * fails too often gets 429 for the rest of the minute. The key's id goes on the request (and its usage record), and
 * its limits are checked ({@link KeyLimits}).
 */
@Component("authenticateClient")
public class AuthenticateClient implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticateClient.class);
    static final String INVALID = "invalid or missing API key: send a Dromedary client key as x-api-key or "
            + "Authorization: Bearer";

    private final ClientKeys keys;
    private final AuthFailures failures;
    private final KeyLimits limits;
    private final boolean required;

    public AuthenticateClient(ClientKeys keys, AuthFailures failures, KeyLimits limits, DromedaryProperties props) {
        this.keys = keys;
        this.failures = failures;
        this.limits = limits;
        this.required = props.auth().required();
        if (!required && !safeAnyKeys()) {
            LOG.warn("No client key exists: only loopback clients are served until one is created "
                    + "(POST /admin/api/keys) or dromedary.auth.required=true");
        }
    }

    @Override
    public void process(Exchange exchange) {
        String address = Exchanges.remoteAddress(exchange);
        if (!required && !keys.anyKeys()) {
            if (!loopback(address)) {
                throw new BridgeException(403, "permission_error", "this Dromedary serves only local clients until a "
                        + "client key exists: ask its operator for a key");
            }
            return;
        }
        long wait = failures.blockedFor(address);
        if (wait > 0) {
            throw new BridgeException(429, "rate_limit_error", "too many failed API key checks from this address",
                    Duration.ofSeconds(wait), null);
        }
        ClientKey key = keys.authenticate(presented(exchange.getIn()));
        if (key == null) {
            failures.failed(address);
            throw new BridgeException(401, "authentication_error", INVALID);
        }
        exchange.setProperty(Exchanges.KEY_ID, key.id());
        limits.admit(key);
    }

    static String presented(Message in) {
        String apiKey = in.getHeader("x-api-key", String.class);
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.trim();
        }
        String auth = in.getHeader("Authorization", String.class);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }

    /** 127.0.0.0/8 and ::1, as the servlet container writes them (no name lookup). */
    static boolean loopback(String address) {
        if (address == null) {
            return false;
        }
        String a = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
        return a.startsWith("127.") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1") || a.startsWith("::ffff:127.");
    }

    private boolean safeAnyKeys() {
        try {
            return keys.anyKeys();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
