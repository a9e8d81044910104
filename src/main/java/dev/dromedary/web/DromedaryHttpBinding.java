package dev.dromedary.web;

import dev.dromedary.stream.StreamingBody;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpBinding;

import java.io.IOException;

/**
 * The starter's binding, plus bodies that write themselves to the client ({@link StreamingBody}), and whole answers
 * sent with their length.
 */
public class DromedaryHttpBinding extends SpringBootPlatformHttpBinding {

    /** Configured as the starter's consumer configures its own binding. */
    public DromedaryHttpBinding(PlatformHttpEndpoint endpoint) {
        setHeaderFilterStrategy(endpoint.getHeaderFilterStrategy());
        setMuteException(endpoint.isMuteException());
        setFileNameExtWhitelist(endpoint.getFileNameExtWhitelist());
        setUseReaderForPayload(!endpoint.isUseStreaming());
    }

    @Override
    protected void doWriteDirectResponse(Message message, HttpServletResponse response, Exchange exchange)
            throws IOException {
        if (message.getBody() instanceof StreamingBody body) {
            body.writeTo(response.getOutputStream());
            return;
        }
        if (message.getBody() instanceof byte[] bytes) {
            // the starter would send a byte array chunked: the client then waits for a second write, the last chunk,
            // made only once the route has unwound. With its length, Jetty sends the answer whole in one write.
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            return;
        }
        super.doWriteDirectResponse(message, response, exchange);
    }
}
