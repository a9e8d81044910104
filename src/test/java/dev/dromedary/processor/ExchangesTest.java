package dev.dromedary.processor;

import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.MessagesRequest;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangesTest {

    @Test
    void releasingARequestsContentKeepsWhatAnOpenStreamStillNeedsOnBothExchanges() throws Exception {
        MessagesRequest req = Json.MAPPER.readValue("""
                {"model":"claude-sonnet-4-5","max_tokens":99,"stream":true,"stop_sequences":["END"],
                 "system":"be brief","messages":[{"role":"user","content":"a long conversation"}],
                 "tools":[{"name":"Bash","input_schema":{"type":"object"}}]}
                """, MessagesRequest.class);
        DefaultCamelContext camel = new DefaultCamelContext();
        Exchange exchange = new DefaultExchange(camel);
        Exchange attempt = new DefaultExchange(camel);
        for (Exchange e : new Exchange[] {exchange, attempt}) {
            e.setProperty(Exchanges.REQUEST, req);
            e.setProperty(Exchanges.RAW_REQUEST, new byte[] {1, 2, 3});
        }
        exchange.setProperty(Exchanges.ATTEMPT_EXCHANGE, attempt);
        // as after the provider call: the request in the in message, the answer (a stream) in the out message
        for (Exchange e : new Exchange[] {exchange, attempt}) {
            e.getIn().setBody(new byte[] {4, 5, 6});
            e.getOut().setBody("the stream");
        }

        Exchanges.releaseRequestContent(exchange);

        for (Exchange e : new Exchange[] {exchange, attempt}) {
            assertThat(e.getProperty(Exchanges.RAW_REQUEST)).isNull();
            assertThat(e.getIn().getBody()).isNull();
            assertThat(e.getMessage().getBody()).isEqualTo("the stream");
            MessagesRequest kept = Exchanges.request(e);
            assertThat(kept.messages()).isEmpty();
            assertThat(kept.system()).isEmpty();
            assertThat(kept.tools()).isEmpty();
            assertThat(kept.model()).isEqualTo("claude-sonnet-4-5");
            assertThat(kept.maxTokens()).isEqualTo(99);
            assertThat(kept.streaming()).isTrue();
            assertThat(kept.stopSequences()).containsExactly("END");
        }
    }
}
