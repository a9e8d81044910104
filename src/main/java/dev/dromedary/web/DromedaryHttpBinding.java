package dev.dromedary.web;

import dev.dromedary.stream.StreamingBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpBinding;
import org.apache.camel.converter.stream.InputStreamCache;

import java.io.IOException;

/**
 * The starter's binding, plus bodies that write themselves to the client ({@link StreamingBody}), and small request
 * bodies read straight into an array.
 */
public class DromedaryHttpBinding extends SpringBootPlatformHttpBinding {

    /** Bodies up to this declared length are read into an array of exactly that size. */
    static final int DIRECT_BODY_LIMIT = 1024 * 1024;

    /** Configured as the starter's consumer configures its own binding. */
    public DromedaryHttpBinding(PlatformHttpEndpoint endpoint) {
        setHeaderFilterStrategy(endpoint.getHeaderFilterStrategy());
        setMuteException(endpoint.isMuteException());
        setFileNameExtWhitelist(endpoint.getFileNameExtWhitelist());
        setUseReaderForPayload(!endpoint.isUseStreaming());
    }

    /**
     * The starter copies every body through a fresh 16 KB transfer buffer into a stream cache. A body of known,
     * bounded length is read into an array of its size instead, and handed on as the same kind of stream cache.
     * Anything else (no declared length, a large body, a form) goes the starter's way.
     */
    @Override
    public Object parseBody(HttpServletRequest request, Message message) throws IOException {
        int length = request.getContentLength();
        String type = request.getContentType();
        if (length <= 0 || length > DIRECT_BODY_LIMIT || isUseReaderForPayload()
                || type != null && type.contains("application/x-www-form-urlencoded")) {
            return super.parseBody(request, message);
        }
        return new InputStreamCache(request.getInputStream().readNBytes(length));
    }

    @Override
    protected void doWriteDirectResponse(Message message, HttpServletResponse response, Exchange exchange)
            throws IOException {
        if (message.getBody() instanceof StreamingBody body) {
            body.writeTo(response.getOutputStream());
            return;
        }
        super.doWriteDirectResponse(message, response, exchange);
    }
}
