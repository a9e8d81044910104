package dev.dromedary.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dromedary.api.Json;
import dev.dromedary.api.openai.ChatResponse;
import dev.dromedary.convert.StreamTranslator;
import dev.dromedary.convert.UpstreamFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * Reads a provider's chunk stream through a {@link StreamTranslator} to its end: the translator either finishes
 * the Anthropic stream or fails it with an error event. No threads, no HTTP: the relay runs it on the request's
 * thread, tests run it on a byte array.
 */
public final class UpstreamStream {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamStream.class);
    private static final Json.LazyReader CHUNK = Json.readerFor(ChatResponse.class);

    private UpstreamStream() {
    }

    /** Translates a stream read on its own terms, with nobody to leave and nothing to cut it off (tests). */
    public static boolean translate(InputStream upstream, StreamTranslator translator, String provider) {
        return translate(new SseReader(upstream), translator, provider, RelayState.NONE);
    }

    /** @return true when the upstream finished cleanly, so that its connection can be reused */
    public static boolean translate(SseReader reader, StreamTranslator translator, String provider,
                                    RelayState state) {
        try {
            translator.start();
            SseReader.Event event;
            while (!state.clientGone() && (event = reader.next()) != null) {
                if (event.isDone()) {
                    translator.onDone();
                    break;
                }
                translator.onChunk(chunk(event));
            }
            if (state.clientGone()) {
                return false;
            }
            if (translator.upstreamFinished()) {
                translator.finish();
                return true;
            }
            translator.fail("api_error", "the stream from provider " + provider + " ended before it finished");
        } catch (UpstreamFormatException e) {
            translator.fail("api_error", "provider " + provider + " reported an error mid-stream: " + e.getMessage());
        } catch (JsonProcessingException e) {
            translator.fail("api_error", "provider " + provider + " sent a malformed stream chunk");
        } catch (InterruptedIOException e) {
            if (!state.clientGone()) {
                translator.fail("overloaded_error", "provider " + provider + " stopped sending mid-stream (timeout)");
            }
        } catch (IOException e) {
            if (state.cutOff() != null) {
                translator.fail("overloaded_error", state.cutOff());
            } else if (!state.clientGone()) {
                translator.fail("api_error", "the connection to provider " + provider + " broke mid-stream");
            }
        } catch (RuntimeException e) {
            if (!state.clientGone()) {
                LOG.error("Stream from provider {} failed", provider, e);
                translator.fail("api_error", "internal error while streaming");
            }
        }
        return false;
    }

    /** One {@code chat.completion.chunk}, parsed from the bytes it arrived in. */
    public static ChatResponse chunk(SseReader.Event event) throws IOException {
        return CHUNK.get().readValue(event.bytes());
    }
}
