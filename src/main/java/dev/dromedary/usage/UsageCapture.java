package dev.dromedary.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.StreamEvent;
import dev.dromedary.api.anthropic.Usage;

/**
 * What a request learns about itself on its way, for its {@link RequestRecord}: filled by the processors that see
 * each part (the answer's usage, a stream's events, the error that ended it) and read once when it completes.
 * Writers and the reader may be different threads, hence the synchronisation.
 */
public final class UsageCapture {

    private final String requestId;
    private final long startedAtMillis = System.currentTimeMillis();
    private final long startedNanos = System.nanoTime();
    private Long inputTokens;
    private Long outputTokens;
    private Long cacheReadTokens;
    private Long firstTokenNanos;
    private String stopReason;
    private String errorType;

    public UsageCapture(String requestId) {
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** A whole answer's usage and stop reason. */
    public synchronized void answered(Usage usage, String stopReason) {
        tokens(usage);
        this.stopReason = stopReason;
    }

    /** A translated stream's event, just before it is sent. */
    public void observe(StreamEvent event) {
        switch (event) {
            case StreamEvent.ContentBlockDelta d -> firstToken();
            case StreamEvent.MessageStart s -> {
                if (s.message() != null) {
                    tokens(s.message().usage());
                }
            }
            case StreamEvent.MessageDelta d -> {
                tokens(d.usage());
                stopped(d.delta() == null ? null : d.delta().stopReason());
            }
            case StreamEvent.Error e -> failed(e.error() == null ? "api_error" : e.error().type());
            default -> {
            }
        }
    }

    /** An Anthropic-format provider's event as relayed; only the few that carry usage are parsed. */
    public void relayed(String type, String data) {
        switch (type) {
            case "content_block_delta" -> firstToken();
            case "message_start" -> message(parse(data).path("message"));
            case "message_delta" -> {
                JsonNode delta = parse(data);
                tokens(delta.path("usage"));
                stopped(delta.path("delta").path("stop_reason").textValue());
            }
            case "error" -> failed(parse(data).path("error").path("type").asText("api_error"));
            default -> {
            }
        }
    }

    /** An Anthropic Message (a whole answer, or a stream's {@code message_start}): its usage and stop reason. */
    public void message(JsonNode message) {
        tokens(message.path("usage"));
        stopped(message.path("stop_reason").textValue());
    }

    private void tokens(JsonNode usage) {
        tokens(number(usage, "input_tokens"), number(usage, "output_tokens"), number(usage, "cache_read_input_tokens"));
    }

    private static Long number(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n != null && n.canConvertToLong() ? n.asLong() : null;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            return MissingNode.getInstance();
        }
    }

    public synchronized void firstToken() {
        if (firstTokenNanos == null) {
            firstTokenNanos = System.nanoTime();
        }
    }

    /** Token counts as far as they are known; zero counts of a partial usage object do not erase earlier ones. */
    public synchronized void tokens(Long input, Long output, Long cacheRead) {
        if (input != null && (input > 0 || inputTokens == null)) {
            inputTokens = input;
        }
        if (output != null && (output > 0 || outputTokens == null)) {
            outputTokens = output;
        }
        if (cacheRead != null && (cacheRead > 0 || cacheReadTokens == null)) {
            cacheReadTokens = cacheRead;
        }
    }

    private void tokens(Usage usage) {
        if (usage != null) {
            tokens((long) usage.inputTokens(), (long) usage.outputTokens(), (long) usage.cacheReadInputTokens());
        }
    }

    public synchronized void stopped(String stopReason) {
        if (stopReason != null) {
            this.stopReason = stopReason;
        }
    }

    /** The Anthropic error type the request ended with (as an answer or as a stream's error event). */
    public synchronized void failed(String errorType) {
        this.errorType = errorType;
    }

    public synchronized Long inputTokens() {
        return inputTokens;
    }

    public synchronized Long outputTokens() {
        return outputTokens;
    }

    public synchronized Long cacheReadTokens() {
        return cacheReadTokens;
    }

    public synchronized Long ttftMillis() {
        return firstTokenNanos == null ? null : (firstTokenNanos - startedNanos) / 1_000_000;
    }

    public synchronized String stopReason() {
        return stopReason;
    }

    public synchronized String errorType() {
        return errorType;
    }
}
