package dev.dromedary.stream;

import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.StreamEvent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** {@code event: <type>\ndata: <one-line JSON>\n\n}, the only frame shape the Anthropic SDKs accept. */
public final class SseFrames {

    public static final byte[] PING = frame(new StreamEvent.Ping());
    private static final byte[] CONTENT_DELTA = "event: content_block_delta\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    /** Whether {@code frame} is a {@code content_block_delta}: the first one is the first text a user sees. */
    public static boolean isContentDelta(byte[] frame) {
        return frame.length >= CONTENT_DELTA.length
                && Arrays.equals(frame, 0, CONTENT_DELTA.length, CONTENT_DELTA, 0, CONTENT_DELTA.length);
    }

    public static byte[] frame(StreamEvent event) {
        try {
            byte[] data = Json.MAPPER.writeValueAsBytes(event);
            String type = event.type();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + type.length() + 16);
            out.write(("event: " + type + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
            out.write(data);
            out.write('\n');
            out.write('\n');
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise " + event.type(), e);
        }
    }
}
