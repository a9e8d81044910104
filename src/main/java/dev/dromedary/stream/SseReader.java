package dev.dromedary.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events: {@link #next()} returns each event's data (multi-line data joined by {@code \n}),
 * skipping comments ({@code : keep-alive}) and events without data. Per the SSE spec, an event ends at a blank
 * line; the last one also ends at end of stream.
 */
public final class SseReader {

    /** One event: its {@code event:} name (null when none was given) and its data. */
    public record Event(String name, String data) {
    }

    private final BufferedReader reader;

    public SseReader(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 8192);
    }

    /** The next event with data, or null at end of stream. */
    public Event next() throws IOException {
        StringBuilder data = null;
        String name = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(name, data.toString());
                }
                name = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("data")) {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            } else if (field.equals("event")) {
                name = value;
            }
        }
        return data == null ? null : new Event(name, data.toString());
    }
}
