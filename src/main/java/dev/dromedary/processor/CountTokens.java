package dev.dromedary.processor;

import dev.dromedary.api.anthropic.TokenCount;
import dev.dromedary.convert.TokenCounter;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Answers count_tokens with the same count a stream's {@code message_start} reports. */
@Component("countTokens")
public class CountTokens implements Processor {

    private final TokenCounter counter;

    public CountTokens(TokenCounter counter) {
        this.counter = counter;
    }

    @Override
    public void process(Exchange exchange) {
        HttpReply.json(exchange, 200, new TokenCount(counter.count(Exchanges.request(exchange))));
    }
}
