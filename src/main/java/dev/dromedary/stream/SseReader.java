package dev.dromedary.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads server-sent events: {@link #next()} returns each event's data (multi-line data joined by {@code \n}),
 * skipping comments ({@code : keep-alive}) and events without data. Per the SSE spec, an event ends at a blank
 * line; the last one also ends at end of stream. Lines end in LF, CRLF or CR.
 * <p>
 * It works on bytes with a small buffer that grows only for long lines: a relay holds one reader per open
 * stream, thousands at once, so a Reader with its char buffers would cost tens of kilobytes each.
 */
public final class SseReader {

    /** One event: its {@code event:} name (null when none was given) and its data. */
    public record Event(String name, String data) {
    }

    private static final int INITIAL = 1024;

    private final InputStream in;
    private final Runnable beforeWait;
    private byte[] buf = new byte[INITIAL];
    private int start;
    private int end;
    private boolean eof;
    private boolean skipLf;
    /** An event read ahead by {@link #peek()}, returned by the next {@link #next()}. */
    private Event peeked;
    private boolean hasPeeked;
    private volatile long lastReadNanos = System.nanoTime();

    public SseReader(InputStream in) {
        this(in, () -> { });
    }

    /** @param beforeWait runs whenever the next read would wait for the provider (a relay flushes there) */
    public SseReader(InputStream in, Runnable beforeWait) {
        this.in = in;
        this.beforeWait = beforeWait;
    }

    /** The next event without consuming it: {@link #next()} returns it again. Null at end of stream. */
    public Event peek() throws IOException {
        if (!hasPeeked) {
            peeked = read();
            hasPeeked = true;
        }
        return peeked;
    }

    /** The next event with data, or null at end of stream. */
    public Event next() throws IOException {
        if (hasPeeked) {
            hasPeeked = false;
            Event e = peeked;
            peeked = null;
            return e;
        }
        return read();
    }

    /** When bytes last came from the provider ({@link System#nanoTime()}): how long the stream has been idle. */
    public long lastReadNanos() {
        return lastReadNanos;
    }

    private Event read() throws IOException {
        StringBuilder data = null;
        String name = null;
        String line;
        while ((line = readLine()) != null) {
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

    /** The next line without its terminator, or null at end of stream. */
    private String readLine() throws IOException {
        int scanned = 0; // bytes after start known to hold no line end
        while (true) {
            if (skipLf && start < end) {
                // the LF of a CRLF whose CR ended the previous line
                if (buf[start] == '\n') {
                    start++;
                }
                skipLf = false;
            }
            for (int i = start + scanned; i < end; i++) {
                byte b = buf[i];
                if (b == '\n' || b == '\r') {
                    String line = new String(buf, start, i - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    skipLf = b == '\r';
                    return line;
                }
            }
            scanned = end - start;
            if (eof || !fill()) {
                if (start < end) {
                    String line = new String(buf, start, end - start, StandardCharsets.UTF_8);
                    start = end;
                    return line;
                }
                return null;
            }
        }
    }

    /** Reads more bytes, compacting or growing the buffer; false at end of stream. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        if (in.available() <= 0) {
            beforeWait.run();
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
            return false;
        }
        end += n;
        lastReadNanos = System.nanoTime();
        return true;
    }
}
