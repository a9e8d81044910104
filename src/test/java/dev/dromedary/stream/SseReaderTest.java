package dev.dromedary.stream;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Server-sent events as providers really send them. */
class SseReaderTest {

    static List<SseReader.Event> read(String text) throws IOException {
        SseReader reader = new SseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        List<SseReader.Event> events = new ArrayList<>();
        SseReader.Event e;
        while ((e = reader.next()) != null) {
            events.add(e);
        }
        return events;
    }

    @Test
    void commentsAreSkipped() throws IOException {
        assertThat(read(": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\ndata: {\"a\":1}\n\n:keep-alive\n\n"))
                .containsExactly(new SseReader.Event(null, "{\"a\":1}"));
    }

    @Test
    void dataWithoutSpaceAfterColon() throws IOException {
        assertThat(read("data:{\"a\":1}\n\ndata:  two spaces\n\n")).extracting(SseReader.Event::data)
                .containsExactly("{\"a\":1}", " two spaces");
    }

    @Test
    void multiLineDataIsJoinedWithNewline() throws IOException {
        assertThat(read("data: {\"a\":\ndata: 1}\n\n")).extracting(SseReader.Event::data)
                .containsExactly("{\"a\":\n1}");
    }

    @Test
    void crlfLineEndings() throws IOException {
        assertThat(read("event: message\r\ndata: first\r\n\r\ndata: second\r\n\r\ndata: [DONE]\r\n\r\n"))
                .containsExactly(new SseReader.Event("message", "first"), new SseReader.Event(null, "second"),
                        new SseReader.Event(null, "[DONE]"));
    }

    @Test
    void eventNamesApplyToTheirOwnEventOnly() throws IOException {
        assertThat(read("event: content_block_delta\ndata: {}\n\ndata: {\"b\":2}\n\nevent: error\ndata: x\n\n"))
                .containsExactly(new SseReader.Event("content_block_delta", "{}"),
                        new SseReader.Event(null, "{\"b\":2}"), new SseReader.Event("error", "x"));
    }

    @Test
    void lastEventWithoutTrailingBlankLine() throws IOException {
        assertThat(read("data: one\n\ndata: two")).extracting(SseReader.Event::data).containsExactly("one", "two");
        assertThat(read("data: only\n")).extracting(SseReader.Event::data).containsExactly("only");
    }

    @Test
    void eventsWithoutDataAndUnknownFieldsAreSkipped() throws IOException {
        assertThat(read("event: ping\n\nid: 7\nretry: 100\ndata: x\n\n\n\n"))
                .containsExactly(new SseReader.Event(null, "x"));
    }

    @Test
    void utf8IsDecoded() throws IOException {
        assertThat(read("data: {\"t\":\"héllo 🐪\"}\n\n")).extracting(SseReader.Event::data)
                .containsExactly("{\"t\":\"héllo 🐪\"}");
    }

    @Test
    void sameEventsWhenBytesTrickleInOneByOneAcrossCrlfAndLongLines() throws IOException {
        String longValue = "x".repeat(5000);
        String text = "event: a\r\ndata: one\r\n\r\n: comment\r\rdata: " + longValue + "\n\ndata: é ü 漢\r\n\r\n";
        java.io.InputStream trickle = new java.io.InputStream() {
            private final byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            private int pos;

            @Override
            public int read() {
                return pos < bytes.length ? bytes[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[pos++];
                return 1;
            }
        };
        SseReader reader = new SseReader(trickle);
        List<SseReader.Event> events = new java.util.ArrayList<>();
        SseReader.Event e;
        while ((e = reader.next()) != null) {
            events.add(e);
        }

        assertThat(events).containsExactly(new SseReader.Event("a", "one"), new SseReader.Event(null, longValue),
                new SseReader.Event(null, "é ü 漢"));
        assertThat(events).isEqualTo(read(text));
    }
}
