package dev.dromedary.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads server-sent events: {@link #next()} returns each event's data (multi-line data joined by {@code \n}),
 * skipping comments ({@code : keep-alive}) and events without data. Per the SSE spec, an event ends at a blank
 * line; the last one also ends at end of stream. Lines end in LF, CRLF or CR.
 * <p>
 * It works on bytes with a small buffer that grows only for long lines: a relay holds one reader per open
 * stream, thousands at once, so a Reader with its char buffers would cost tens of kilobytes each.
 */
public final class SseReader {

    /**
     * One event: its {@code event:} name (null when none was given) and its data, kept as the UTF-8 bytes they
     * arrived in, so that a JSON chunk goes to the parser without a String in between.
     */
    public static final class Event {

        private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

        private final String name;
        private final byte[] data;

        public Event(String name, String data) {
            this(name, data.getBytes(StandardCharsets.UTF_8));
        }

        private Event(String name, byte[] data) {
            this.name = name;
            this.data = data;
        }

        public String name() {
            return name;
        }

        /** The data as text. */
        public String data() {
            return new String(data, StandardCharsets.UTF_8);
        }

        /** The data's bytes, not copied: read them, never change them. */
        public byte[] bytes() {
            return data;
        }

        /** Whether this is the OpenAI stream's last event, {@code data: [DONE]}. */
        public boolean isDone() {
            return Arrays.equals(data, DONE);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Event e && Objects.equals(name, e.name) && Arrays.equals(data, e.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "Event[name=" + name + ", data=" + data() + "]";
        }
    }

    private static final int INITIAL = 1024;
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final Runnable beforeWait;
    private byte[] buf = new byte[INITIAL];
    private int start;
    private int end;
    private int lineStart;
    private int lineEnd;
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
        byte[] data = null;
        String name = null;
        while (readLine()) {
            if (lineStart == lineEnd) {
                if (data != null) {
                    return new Event(name, data);
                }
                name = null;
                continue;
            }
            if (buf[lineStart] == ':') {
                continue;
            }
            int colon = indexOf(':', lineStart, lineEnd);
            int fieldEnd = colon < 0 ? lineEnd : colon;
            int value = colon < 0 ? lineEnd : colon + 1;
            if (value < lineEnd && buf[value] == ' ') {
                value++;
            }
            if (is(DATA, fieldEnd)) {
                data = data == null ? Arrays.copyOfRange(buf, value, lineEnd) : joined(data, value);
            } else if (is(EVENT, fieldEnd)) {
                name = new String(buf, value, lineEnd - value, StandardCharsets.UTF_8);
            }
        }
        return data == null ? null : new Event(name, data);
    }

    /** Whether the current line's field name, ending at {@code fieldEnd}, is {@code field}. */
    private boolean is(byte[] field, int fieldEnd) {
        return Arrays.equals(buf, lineStart, fieldEnd, field, 0, field.length);
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Multi-line data: the lines joined by {@code \n}. */
    private byte[] joined(byte[] data, int value) {
        byte[] more = Arrays.copyOf(data, data.length + 1 + lineEnd - value);
        more[data.length] = '\n';
        System.arraycopy(buf, value, more, data.length + 1, lineEnd - value);
        return more;
    }

    /**
     * Finds the next line, without its terminator, at {@code buf[lineStart, lineEnd)}: valid until the next call.
     * False at end of stream.
     */
    private boolean readLine() throws IOException {
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
                    lineStart = start;
                    lineEnd = i;
                    start = i + 1;
                    skipLf = b == '\r';
                    return true;
                }
            }
            scanned = end - start;
            if (eof || !fill()) {
                if (start < end) {
                    lineStart = start;
                    lineEnd = end;
                    start = end;
                    return true;
                }
                return false;
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
