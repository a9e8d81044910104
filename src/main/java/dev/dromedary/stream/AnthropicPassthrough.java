package dev.dromedary.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.ErrorBody;
import dev.dromedary.api.anthropic.StreamEvent;
import dev.dromedary.convert.ModelRewrite;
import dev.dromedary.error.UpstreamErrors;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * An Anthropic-format provider's stream, passed through event by event: only {@code message_start} changes, to
 * name the model the client asked for. A stream that breaks before {@code message_stop} ends with an error event,
 * as a translated one does.
 */
public final class AnthropicPassthrough implements StreamEvents {

    private static final ModelRewrite REWRITE = new ModelRewrite(Json.MAPPER);

    /** What a passthrough reports of the events it relays: the usage capture's view of them. */
    public interface Observer {
        Observer NONE = (type, data) -> { };

        void relayed(String type, String data);
    }

    private final String provider;
    private final String clientModel;
    private final Observer observer;

    public AnthropicPassthrough(String provider, String clientModel) {
        this(provider, clientModel, Observer.NONE);
    }

    public AnthropicPassthrough(String provider, String clientModel, Observer observer) {
        this.provider = provider;
        this.clientModel = clientModel;
        this.observer = observer;
    }

    @Override
    public void checkFirst(SseReader.Event first) throws Exception {
        if ("error".equals(type(first))) {
            JsonNode error = Json.MAPPER.readTree(first.data()).path("error");
            throw UpstreamErrors.fromStatus(provider, UpstreamErrors.statusOf(error.path("type").asText()),
                    first.data(), null);
        }
    }

    @Override
    public boolean relay(SseReader events, Consumer<byte[]> frames, RelayState state) {
        boolean stopped = false;
        try {
            SseReader.Event event;
            while (!state.clientGone() && (event = events.next()) != null) {
                String type = type(event);
                String data = "message_start".equals(type) ? REWRITE.messageStart(event.data(), clientModel)
                        : event.data();
                observer.relayed(type, event.data());
                frames.accept(frame(type, data));
                if ("error".equals(type)) {
                    return false;
                }
                stopped |= "message_stop".equals(type);
            }
            if (stopped || state.clientGone()) {
                return stopped && !state.clientGone();
            }
            fail(frames, "api_error", "the stream from provider " + provider + " ended before it finished");
        } catch (InterruptedIOException e) {
            if (!state.clientGone()) {
                fail(frames, "overloaded_error", "provider " + provider + " stopped sending mid-stream (timeout)");
            }
        } catch (IOException e) {
            if (state.cutOff() != null) {
                fail(frames, "overloaded_error", state.cutOff());
            } else if (!state.clientGone()) {
                fail(frames, "api_error", "the connection to provider " + provider + " broke mid-stream");
            }
        }
        return false;
    }

    /** The event's name, or its data's {@code type} when a provider sends data-only events. */
    private static String type(SseReader.Event event) throws IOException {
        if (event.name() != null) {
            return event.name();
        }
        return Json.MAPPER.readTree(event.data()).path("type").asText("");
    }

    private static byte[] frame(String type, String data) {
        return ("event: " + type + "\ndata: " + data.replace("\n", "\ndata: ") + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void fail(Consumer<byte[]> frames, String type, String message) {
        StreamEvent.Error error = new StreamEvent.Error(new ErrorBody.Detail(type, message));
        observer.relayed("error", "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\"}}");
        frames.accept(SseFrames.frame(error));
    }
}
