package dev.dromedary.processor;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Parses a {@code POST /v1/messages/count_tokens} body (no {@code max_tokens} needed). */
@Component("parseCountTokensRequest")
public class ParseCountTokensRequest implements Processor {

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(Exchanges.REQUEST, RequestBodies.parse(exchange, false));
    }
}
