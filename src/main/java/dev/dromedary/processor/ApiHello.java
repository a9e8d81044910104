package dev.dromedary.processor;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Claude Code's connectivity probe ({@code HEAD /api/hello}): always 200, no auth. */
@Component("apiHello")
public class ApiHello implements Processor {

    private static final Map<String, String> BODY = Map.of("message", "hello");

    @Override
    public void process(Exchange exchange) {
        HttpReply.json(exchange, 200, BODY);
    }
}
