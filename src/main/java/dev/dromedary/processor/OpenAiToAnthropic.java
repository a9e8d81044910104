package dev.dromedary.processor;

import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.MessageResponse;
import dev.dromedary.api.openai.ChatResponse;
import dev.dromedary.convert.ResponseConverter;
import dev.dromedary.convert.UpstreamFormatException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.io.InputStream;

/** Converts a provider's chat.completion into the Anthropic Message answered to the client. */
@Component("openAiToAnthropic")
public class OpenAiToAnthropic implements Processor {

    private final ResponseConverter converter = new ResponseConverter(Json.MAPPER);

    @Override
    public void process(Exchange exchange) throws Exception {
        ChatResponse resp = read(exchange.getMessage().getBody());
        if (resp.error() != null && !resp.error().isNull()) {
            throw new UpstreamFormatException("error in a 200 answer: " + resp.error());
        }
        MessageResponse answer = converter.convert(resp, Exchanges.request(exchange).model(),
                Exchanges.request(exchange).stopSequences());
        HttpReply.json(exchange, 200, answer);
        if (Exchanges.usage(exchange) != null) {
            Exchanges.usage(exchange).answered(answer.usage(), answer.stopReason());
        }
        exchange.getMessage().setHeader("x-dromedary-provider", Exchanges.route(exchange).provider().name());
    }

    static ChatResponse read(Object body) throws Exception {
        ChatResponse resp = switch (body) {
            case null -> null;
            case InputStream in -> Json.MAPPER.readValue(in, ChatResponse.class);
            case byte[] bytes -> Json.MAPPER.readValue(bytes, ChatResponse.class);
            default -> Json.MAPPER.readValue(body.toString(), ChatResponse.class);
        };
        if (resp == null) {
            throw new UpstreamFormatException("empty body");
        }
        return resp;
    }
}
