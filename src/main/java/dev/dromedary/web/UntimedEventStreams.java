package dev.dromedary.web;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;

/**
 * Once a stream that was asked for has begun, its connection reads without a socket timeout. A blocking read with a
 * timeout on a virtual thread schedules a JVM timer each time it waits and cancels it when bytes arrive: once per
 * event of every open stream, a fifth of the bridge's CPU at 200 open streams (bench/RESULTS.md, step 19). The
 * stream's relay bounds the provider's silence instead ({@code SseRelay}, {@code PingTicker}). HttpClient sets the
 * provider's timeout again before the connection's next request.
 */
final class UntimedEventStreams extends HttpRequestExecutor {

    private static final String EVENT_STREAM = "text/event-stream";

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, HttpClientConnection conn,
                                       HttpResponseInformationCallback informationCallback, HttpContext context)
            throws IOException, HttpException {
        ClassicHttpResponse response = super.execute(request, conn, informationCallback, context);
        if (isStream(request, response)) {
            conn.setSocketTimeout(Timeout.DISABLED);
        }
        return response;
    }

    /** A stream was asked for and a successful one began: the answers the relay reads. */
    static boolean isStream(ClassicHttpRequest request, ClassicHttpResponse response) {
        return response.getCode() / 100 == 2 && startsWith(response, HttpHeaders.CONTENT_TYPE)
                && startsWith(request, HttpHeaders.ACCEPT);
    }

    private static boolean startsWith(HttpMessage message, String header) {
        Header h = message.getFirstHeader(header);
        return h != null && h.getValue() != null && h.getValue().regionMatches(true, 0, EVENT_STREAM, 0,
                EVENT_STREAM.length());
    }
}
