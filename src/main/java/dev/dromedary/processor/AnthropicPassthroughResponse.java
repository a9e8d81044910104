package dev.dromedary.processor;

import dev.dromedary.api.Json;
import dev.dromedary.convert.ModelRewrite;
import dev.dromedary.convert.UpstreamFormatException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.io.InputStream;

/** An Anthropic-format provider's Message, answered as it came, with the model the client asked for. */
@Component("anthropicPassthroughResponse")
public class AnthropicPassthroughResponse implements Processor {

    private final ModelRewrite rewrite = new ModelRewrite(Json.MAPPER);

    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] body = switch (exchange.getMessage().getBody()) {
            case InputStream in -> in.readAllBytes();
            case byte[] bytes -> bytes;
            case null -> throw new UpstreamFormatException("empty body");
            case Object other -> exchange.getMessage().getBody(byte[].class);
        };
        byte[] answer = rewrite.topLevel(body, Exchanges.request(exchange).model());
        if (Exchanges.usage(exchange) != null) {
            Exchanges.usage(exchange).message(Json.MAPPER.readTree(body));
        }
        Message reply = HttpReply.start(exchange, 200, HttpReply.JSON);
        reply.setHeader("x-dromedary-provider", Exchanges.route(exchange).provider().name());
        reply.setBody(answer);
    }
}
