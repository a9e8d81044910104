package dev.dromedary.stream;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.StreamEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code event: <type>\ndata: <one-line JSON>\n\n}, the only frame shape the Anthropic SDKs accept. */
public final class SseFrames {

    private static final ObjectWriter WRITER = Json.MAPPER.writer();
    /** {@code event: <type>\ndata: } of each event type. */
    private static final Map<String, byte[]> PREFIXES = new ConcurrentHashMap<>();
    public static final byte[] PING = frame(new StreamEvent.Ping());
    private static final byte[] CONTENT_DELTA = "event: content_block_delta\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    /** Whether {@code frame} is a {@code content_block_delta}: the first one is the first text a user sees. */
    public static boolean isContentDelta(byte[] frame) {
        return frame.length >= CONTENT_DELTA.length
                && Arrays.equals(frame, 0, CONTENT_DELTA.length, CONTENT_DELTA, 0, CONTENT_DELTA.length);
    }

    /** The event written once, straight after its {@code event:} line: a stream makes one per token. */
    public static byte[] frame(StreamEvent event) {
        String type = event.type();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(PREFIXES.computeIfAbsent(type, SseFrames::prefix));
        try {
            WRITER.writeValue(out, event);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + type, e);
        }
        out.write('\n');
        out.write('\n');
        return out.toByteArray();
    }

    private static byte[] prefix(String type) {
        return ("event: " + type + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
    }
}
