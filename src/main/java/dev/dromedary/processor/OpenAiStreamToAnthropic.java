package dev.dromedary.processor;

import dev.dromedary.api.anthropic.MessagesRequest;
import dev.dromedary.api.anthropic.StreamEvent;
import dev.dromedary.api.openai.ChatResponse;
import dev.dromedary.convert.Ids;
import dev.dromedary.convert.StreamTranslator;
import dev.dromedary.convert.TokenCounter;
import dev.dromedary.stream.PingTicker;
import dev.dromedary.stream.SseFrames;
import dev.dromedary.stream.RelayState;
import dev.dromedary.usage.UsageCapture;
import dev.dromedary.stream.SseReader;
import dev.dromedary.stream.SseRelay;
import dev.dromedary.stream.StreamEvents;
import dev.dromedary.stream.UpstreamStream;
import dev.dromedary.convert.UpstreamFormatException;
import dev.dromedary.provider.ProviderConfig;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Answers a streamed request: the provider's chunk stream becomes an Anthropic event stream, relayed event by
 * event while the provider is still sending. The client's 200 waits for the provider's first chunk, so a provider
 * that fails before it can be failed over. A provider that ignores {@code stream:true} and answers with one
 * JSON body is converted into the same event grammar.
 */
@Component("openAiStreamToAnthropic")
public class OpenAiStreamToAnthropic implements Processor {

    private final TokenCounter counter;
    private final PingTicker pings;

    public OpenAiStreamToAnthropic(TokenCounter counter, PingTicker pings) {
        this.counter = counter;
        this.pings = pings;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        MessagesRequest req = Exchanges.request(exchange);
        ProviderConfig config = Exchanges.route(exchange).provider();
        String provider = config.name();
        Message upstream = exchange.getMessage();
        String contentType = upstream.getHeader(Exchange.CONTENT_TYPE, "", String.class);
        Object body = upstream.getBody();
        int inputTokens = inputTokens(exchange, req);
        String messageId = Ids.random("msg_", 24);
        UsageCapture usage = Exchanges.usage(exchange);

        Message reply = HttpReply.start(exchange, 200, HttpReply.EVENT_STREAM);
        reply.setHeader("Cache-Control", "no-cache");
        reply.setHeader("x-dromedary-provider", provider);
        if (contentType.startsWith("text/event-stream") && body instanceof InputStream in) {
            // the translator keeps only what it needs of the request: an open stream must not hold the conversation
            String model = req.model();
            List<String> stopSequences = req.stopSequences();
            SseRelay relay = SseRelay.of(in, provider, config.timeout(), pings, new Translation(provider,
                    sink -> translator(observed(sink, usage), messageId, model, stopSequences, inputTokens)));
            relay.awaitFirstEvent();
            reply.setBody(relay);
        } else {
            reply.setBody(fromSingleResponse(OpenAiToAnthropic.read(body), messageId, req, inputTokens, usage));
        }
    }

    /** The provider's chunks through a {@link StreamTranslator}. */
    private record Translation(String provider, Function<Consumer<StreamEvent>, StreamTranslator> translators)
            implements StreamEvents {

        @Override
        public void checkFirst(SseReader.Event first) throws Exception {
            if (!first.isDone()) {
                ChatResponse chunk = UpstreamStream.chunk(first);
                if (chunk.error() != null && !chunk.error().isNull()) {
                    throw new UpstreamFormatException("error instead of a first chunk: " + chunk.error());
                }
            }
        }

        @Override
        public boolean relay(SseReader events, Consumer<byte[]> frames, RelayState state) {
            StreamTranslator translator = translators.apply(e -> frames.accept(SseFrames.frame(e)));
            return UpstreamStream.translate(events, translator, provider, state);
        }
    }

    private StreamTranslator translator(Consumer<StreamEvent> sink, String messageId, String model,
                                        List<String> stopSequences, int inputTokens) {
        return new StreamTranslator(sink, messageId, model, inputTokens, stopSequences, counter::count);
    }

    /** Each event is seen by the request's usage capture (tokens, first token, stop reason) before it is sent. */
    private static Consumer<StreamEvent> observed(Consumer<StreamEvent> sink, UsageCapture usage) {
        if (usage == null) {
            return sink;
        }
        return e -> {
            usage.observe(e);
            sink.accept(e);
        };
    }

    private byte[] fromSingleResponse(ChatResponse resp, String messageId, MessagesRequest req, int inputTokens,
                                      UsageCapture usage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamTranslator t = translator(observed(e -> out.writeBytes(SseFrames.frame(e)), usage), messageId,
                req.model(), req.stopSequences(), inputTokens);
        t.start();
        t.onChunk(resp);
        t.onDone();
        t.finish();
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private int inputTokens(Exchange exchange, MessagesRequest req) {
        Object pending = exchange.getProperty(Exchanges.INPUT_TOKENS);
        if (pending instanceof Integer counted) {
            return counted;
        }
        if (pending instanceof CompletableFuture<?> f) {
            return ((CompletableFuture<Integer>) f).join();
        }
        return counter.count(req);
    }
}
