package dev.dromedary.security;

import dev.dromedary.config.DromedaryProperties;
import dev.dromedary.error.RequestBodyRefused;
import dev.dromedary.web.CountedInputStream;
import dev.dromedary.web.ServletErrors;
import dev.dromedary.web.UnreadBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Request bodies over {@code dromedary.max-request-bytes} (32 MB, Anthropic's own limit) get 413
 * {@code request_too_large}: at once when {@code Content-Length} says so, and for a chunked body as soon as the
 * limit is passed while it is read, so such a body is never held whole.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestSizeFilter extends OncePerRequestFilter {

    /** Thrown by the body stream past the limit; the error mapping turns it into a 413. */
    public static final class TooLarge extends RequestBodyRefused {
        public TooLarge(long limit) {
            super(413, "request_too_large", "request body larger than " + limit + " bytes", null);
        }
    }

    private final long limit;

    public RequestSizeFilter(DromedaryProperties props) {
        this.limit = props.maxRequestBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/") && !request.getRequestURI().startsWith("/admin/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            response.setHeader("Connection", "close");
            ServletErrors.write(response, 413, "request_too_large",
                    "request body of " + request.getContentLengthLong() + " bytes; the limit is " + limit);
            response.flushBuffer();
            UnreadBody.drop(request.getInputStream());
            return;
        }
        Limited limited = new Limited(request, limit);
        try {
            chain.doFilter(limited, response);
        } finally {
            if (limited.stream != null && limited.stream.overflowed) {
                UnreadBody.drop(request.getInputStream());
            }
        }
    }

    /** The request with a body stream that fails past the limit. */
    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private Counting stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit, getContentLengthLong());
            }
            return stream;
        }
    }

    private static final class Counting extends CountedInputStream {
        /** {@code InputStream.transferTo}'s own buffer size, the most a copy here needs at once. */
        private static final int MAX_COPY_BUFFER = 16 * 1024;
        private final long limit;
        private final long declaredLength;
        private long read;
        private boolean overflowed;

        Counting(ServletInputStream in, long limit, long declaredLength) {
            super(in);
            this.limit = limit;
            this.declaredLength = declaredLength;
        }

        /**
         * Camel reads every request body into a stream cache with {@code transferTo}, whose default takes a fresh
         * 16 KB buffer: for a typical body of a few hundred bytes that buffer was a fifth of all the memory a
         * request allocated (bench/RESULTS.md, step 16). A body of declared length gets a buffer of its size.
         */
        @Override
        public long transferTo(OutputStream out) throws IOException {
            int size = declaredLength >= 0 && declaredLength < MAX_COPY_BUFFER
                    ? Math.max(1, (int) declaredLength) : MAX_COPY_BUFFER;
            byte[] buffer = new byte[size];
            long total = 0;
            for (int n; (n = read(buffer, 0, size)) >= 0; ) {
                out.write(buffer, 0, n);
                total += n;
            }
            return total;
        }

        @Override
        protected void counted(int n) throws TooLarge {
            read += n;
            if (read > limit) {
                overflowed = true;
                throw new TooLarge(limit);
            }
        }
    }
}
