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
import java.util.function.BooleanSupplier;

/**
 * Reads a provider's chunk stream through a {@link StreamTranslator} to its end: the translator either finishes
 * the Anthropic stream or fails it with an error event. No threads, no HTTP: the relay runs it on its pump thread,
 * tests run it on a byte array.
 */
public final class UpstreamStream {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamStream.class);

    private UpstreamStream() {
    }

    /**
     * @param cancelled true once nobody reads the result any more: reading stops and no error event is made up
     * @return true when the upstream finished cleanly, so that its connection can be reused
     */
    public static boolean translate(InputStream upstream, StreamTranslator translator, String provider,
                                    BooleanSupplier cancelled) {
        return translate(upstream, translator, provider, cancelled, () -> { });
    }

    /** @param beforeWait runs whenever reading on would wait for the provider: where a relay flushes */
    public static boolean translate(InputStream upstream, StreamTranslator translator, String provider,
                                    BooleanSupplier cancelled, Runnable beforeWait) {
        try {
            translator.start();
            SseReader reader = new SseReader(upstream, beforeWait);
            SseReader.Event event;
            while (!cancelled.getAsBoolean() && (event = reader.next()) != null) {
                if ("[DONE]".equals(event.data())) {
                    translator.onDone();
                    break;
                }
                translator.onChunk(Json.MAPPER.readValue(event.data(), ChatResponse.class));
            }
            if (cancelled.getAsBoolean()) {
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
            if (!cancelled.getAsBoolean()) {
                translator.fail("overloaded_error", "provider " + provider + " stopped sending mid-stream (timeout)");
            }
        } catch (IOException e) {
            if (!cancelled.getAsBoolean()) {
                translator.fail("api_error", "the connection to provider " + provider + " broke mid-stream");
            }
        } catch (RuntimeException e) {
            if (!cancelled.getAsBoolean()) {
                LOG.error("Stream from provider {} failed", provider, e);
                translator.fail("api_error", "internal error while streaming");
            }
        }
        return false;
    }
}
