package dev.dromedary.error;

import java.time.Duration;

/**
 * A failure with a known Anthropic rendering: HTTP status, error type and a message safe to show the client.
 * {@code retryAfter} is passed on as the {@code retry-after} header when set.
 */
public class BridgeException extends RuntimeException {

    private final int status;
    private final String errorType;
    private final Duration retryAfter;

    public BridgeException(int status, String errorType, String message) {
        this(status, errorType, message, null, null);
    }

    public BridgeException(int status, String errorType, String message, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.errorType = errorType;
        this.retryAfter = retryAfter;
    }

    public static BridgeException invalidRequest(String message) {
        return new BridgeException(400, "invalid_request_error", message);
    }

    public static BridgeException notFound(String message) {
        return new BridgeException(404, "not_found_error", message);
    }

    public int status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
