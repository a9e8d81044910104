package dev.dromedary.convert;

/** The provider answered 200 with something that is not a usable Chat Completions response. */
public class UpstreamFormatException extends RuntimeException {

    public UpstreamFormatException(String message) {
        super(message);
    }
}
