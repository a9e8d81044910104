package dev.dromedary.security;

import dev.dromedary.config.DromedaryProperties;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The body stream the filter hands on: copied whole, in a buffer of the body's size, and cut off past the limit. */
class RequestSizeFilterTest {

    private static final long LIMIT = 100_000;

    /** A servlet body stream that records how much each read asked for. */
    private static final class RecordingStream extends ServletInputStream {
        private final ByteArrayInputStream in;
        final List<Integer> asked = new ArrayList<>();

        RecordingStream(byte[] body) {
            in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            asked.add(len);
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
        }
    }

    private record Passed(ServletInputStream body, RecordingStream raw) {
    }

    /** Runs the filter over a request with this body and declared length; gives what the chain was handed. */
    private static Passed filter(byte[] body, long declaredLength) throws Exception {
        RecordingStream raw = new RecordingStream(body);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/messages") {
            @Override
            public ServletInputStream getInputStream() {
                return raw;
            }

            @Override
            public long getContentLengthLong() {
                return declaredLength;
            }

            @Override
            public int getContentLength() {
                return (int) declaredLength;
            }
        };
        ServletRequest[] handed = new ServletRequest[1];
        filterWithLimit().doFilter(request, new MockHttpServletResponse(), (req, res) -> handed[0] = req);
        return new Passed(((HttpServletRequest) handed[0]).getInputStream(), raw);
    }

    private static RequestSizeFilter filterWithLimit() {
        DromedaryProperties props = new Binder(new MapConfigurationPropertySource(
                Map.of("dromedary.max-request-bytes", String.valueOf(LIMIT))))
                .bindOrCreate("dromedary", DromedaryProperties.class);
        return new RequestSizeFilter(props);
    }

    private static byte[] body(int size) {
        return "x".repeat(size).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSmallBodyIsCopiedWholeThroughABufferOfItsOwnSize() throws Exception {
        byte[] body = body(350);
        Passed passed = filter(body, body.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(passed.body().transferTo(out)).isEqualTo(350);

        assertThat(out.toByteArray()).isEqualTo(body);
        // InputStream's own transferTo asks for 16384 bytes at a time, whatever the body's size
        assertThat(passed.raw().asked).isNotEmpty().allSatisfy(len -> assertThat(len).isEqualTo(350));
    }

    @Test
    void anEmptyBodyWithLengthZeroIsCopiedAsNothing() throws Exception {
        Passed passed = filter(new byte[0], 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(passed.body().transferTo(out)).isZero();
        assertThat(out.size()).isZero();
    }

    @Test
    void aBodyOfUnknownOrLargeLengthIsCopiedInPiecesOfAtMost16Kb() throws Exception {
        for (long declared : new long[] {-1, 60_000}) {
            byte[] body = body(60_000);
            Passed passed = filter(body, declared);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            assertThat(passed.body().transferTo(out)).isEqualTo(60_000);

            assertThat(out.toByteArray()).isEqualTo(body);
            assertThat(passed.raw().asked).allSatisfy(len -> assertThat(len).isEqualTo(16 * 1024));
        }
    }

    @Test
    void aChunkedBodyPastTheLimitFailsWhileItIsCopied() throws Exception {
        Passed passed = filter(body((int) LIMIT + 1), -1);

        assertThatThrownBy(() -> passed.body().transferTo(new ByteArrayOutputStream()))
                .isInstanceOf(RequestSizeFilter.TooLarge.class);
    }

    @Test
    void aBodyLongerThanItsDeclaredLengthIsStillCopiedWhole() throws Exception {
        byte[] body = body(1000);
        Passed passed = filter(body, 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(passed.body().transferTo(out)).isEqualTo(1000);
        assertThat(out.toByteArray()).isEqualTo(body);
    }
}
