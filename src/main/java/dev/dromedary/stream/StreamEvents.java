package dev.dromedary.stream;

import java.util.function.Consumer;

/** How a relay turns a provider's events into the client's frames: a translation, or a passthrough. */
public interface StreamEvents {

    /**
     * Runs before the client's 200 is sent, on the provider's first event: throws when that event is an error,
     * so that another provider can still answer.
     */
    void checkFirst(SseReader.Event first) throws Exception;

    /**
     * Reads the provider's events to the end, sending each finished client frame to {@code frames}; ends a stream
     * that breaks with an error frame unless the client is gone.
     *
     * @return true when the provider finished cleanly, so that its connection can be reused
     */
    boolean relay(SseReader events, Consumer<byte[]> frames, RelayState state);
}
