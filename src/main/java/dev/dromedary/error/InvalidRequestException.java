package dev.dromedary.error;

/**
 * A request refused as the client's fault (400 {@code invalid_request_error}). It has the one-string constructor
 * Camel's {@code throwException} EIP needs, so YAML routes can refuse a request with a message of their own:
 * <pre>
 * - throwException:
 *     exceptionType: dev.dromedary.error.InvalidRequestException
 *     message: "the Bash tool is not allowed here"
 * </pre>
 */
public class InvalidRequestException extends BridgeException {

    public InvalidRequestException(String message) {
        super(400, "invalid_request_error", message);
    }
}
