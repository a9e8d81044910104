package dev.dromedary.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dromedary.convert.UpstreamFormatException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/** Any failure on the request path → the Anthropic error the client gets. */
public final class ErrorMapper {

    private ErrorMapper() {
    }

    /**
     * @param provider the provider being called when it failed, or null before one was chosen
     */
    public static BridgeException map(Throwable failure, String provider) {
        Throwable t = unwrap(failure);
        String who = provider == null ? "the provider" : "provider " + provider;
        return switch (t) {
            case BridgeException b -> b;
            case UpstreamFormatException u -> new BridgeException(502, "api_error",
                    who + " returned an unusable response: " + u.getMessage());
            case JsonProcessingException j -> new BridgeException(502, "api_error",
                    who + " returned malformed JSON: " + j.getOriginalMessage());
            case ConnectException c -> new BridgeException(502, "api_error", "cannot connect to " + who
                    + ": " + c.getMessage(), null, t);
            case UnknownHostException u -> new BridgeException(502, "api_error", "cannot resolve the host of "
                    + who + ": " + u.getMessage(), null, t);
            case NoRouteToHostException n -> new BridgeException(502, "api_error", "no route to " + who, null, t);
            case RequestBodyRefused refused -> refused.toBridgeException();
            case InterruptedIOException timeout -> new BridgeException(504, "timeout_error", who
                    + " did not answer in time", null, t);
            case IOException io -> new BridgeException(502, "api_error", "the connection to " + who + " failed: "
                    + io.getMessage(), null, t);
            default -> new BridgeException(500, "api_error", "internal error", null, t);
        };
    }

    /** The failure itself, out of Camel's and CompletableFuture's wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof org.apache.camel.RuntimeCamelException
                || current instanceof java.util.concurrent.CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
