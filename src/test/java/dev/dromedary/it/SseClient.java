package dev.dromedary.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads an Anthropic event stream as it arrives, on a background thread, so that a test can wait for one event
 * while the upstream is still paused.
 */
public final class SseClient implements AutoCloseable {

    public record Event(String name, JsonNode data, String rawData) {
        public String type() {
            return data.path("type").asText();
        }
    }

    private static final Event END = new Event("<end>", null, null);

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> all = new ArrayList<>();
    private final HttpResponse<InputStream> response;
    private final Thread reader;

    public SseClient(HttpClient http, String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        reader = Thread.ofVirtual().start(this::read);
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    String data = line.substring(6);
                    events.add(new Event(name, Json.MAPPER.readTree(data), data));
                }
            }
        } catch (Exception e) {
            // the stream ended or was closed by the test
        } finally {
            events.add(END);
        }
    }

    /** The next event, waiting up to five seconds; null at the end of the stream. */
    public Event next() throws InterruptedException {
        Event e = events.poll(5, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no event within 5 s; received so far: " + names());
        }
        if (e == END) {
            events.add(END);
            return null;
        }
        all.add(e);
        return e;
    }

    /** Skips to the first event of this type, failing if the stream ends first. */
    public Event await(String type) throws InterruptedException {
        Event e;
        while ((e = next()) != null) {
            if (e.type().equals(type)) {
                return e;
            }
        }
        throw new AssertionError("stream ended without " + type + "; received: " + names());
    }

    /** Every remaining event until the end of the stream. */
    public List<Event> rest() throws InterruptedException {
        while (next() != null) {
            // collect
        }
        return all;
    }

    public List<Event> received() {
        return all;
    }

    public List<String> names() {
        return all.stream().map(Event::type).toList();
    }

    @Override
    public void close() throws Exception {
        response.body().close();
        reader.join(5000);
    }
}
