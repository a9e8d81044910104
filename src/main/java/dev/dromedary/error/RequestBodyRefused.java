package dev.dromedary.error;

import java.io.IOException;
import java.time.Duration;

/**
 * Thrown by a request body's stream while it is read, when the bridge will not take the rest of it (too large, or
 * more than it can hold now): the read fails, and the client gets this status and error type.
 */
public class RequestBodyRefused extends IOException {

    private final int status;
    private final String errorType;
    private final Duration retryAfter;

    public RequestBodyRefused(int status, String errorType, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.errorType = errorType;
        this.retryAfter = retryAfter;
    }

    public BridgeException toBridgeException() {
        return new BridgeException(status, errorType, getMessage(), retryAfter, null);
    }
}
