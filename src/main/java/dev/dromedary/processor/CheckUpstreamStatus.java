package dev.dromedary.processor;

import dev.dromedary.error.UpstreamErrors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Turns a provider's non-2xx answer into the matching Anthropic error (see {@link UpstreamErrors}). */
@Component("checkUpstreamStatus")
public class CheckUpstreamStatus implements Processor {

    /** An error body is only read this far; its message is all the client gets. */
    static final int MAX_ERROR_BODY = 64 * 1024;

    @Override
    public void process(Exchange exchange) throws Exception {
        Message m = exchange.getMessage();
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        if (status >= 200 && status < 300) {
            return;
        }
        String body = "";
        Object raw = m.getBody();
        if (raw instanceof InputStream in) {
            body = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } else if (raw != null) {
            body = m.getBody(String.class);
        }
        String provider = Exchanges.route(exchange).provider().name();
        throw UpstreamErrors.fromStatus(provider, status, body, m.getHeader("retry-after", String.class));
    }
}
