package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The events of an Anthropic message stream. Each record's {@code type} equals its SSE event name, as the SDKs
 * require.
 */
public sealed interface StreamEvent {

    @JsonProperty("type")
    String type();

    @JsonPropertyOrder({"type", "message"})
    record MessageStart(MessageResponse message) implements StreamEvent {
        @Override
        public String type() {
            return "message_start";
        }
    }

    record Ping() implements StreamEvent {
        @Override
        public String type() {
            return "ping";
        }
    }

    @JsonPropertyOrder({"type", "index", "content_block"})
    record ContentBlockStart(int index, @JsonProperty("content_block") ContentBlock contentBlock)
            implements StreamEvent {
        @Override
        public String type() {
            return "content_block_start";
        }
    }

    @JsonPropertyOrder({"type", "index", "delta"})
    record ContentBlockDelta(int index, Delta delta) implements StreamEvent {
        @Override
        public String type() {
            return "content_block_delta";
        }
    }

    @JsonPropertyOrder({"type", "index"})
    record ContentBlockStop(int index) implements StreamEvent {
        @Override
        public String type() {
            return "content_block_stop";
        }
    }

    @JsonPropertyOrder({"type", "delta", "usage"})
    record MessageDelta(StopDelta delta, Usage usage) implements StreamEvent {
        @Override
        public String type() {
            return "message_delta";
        }
    }

    record MessageStop() implements StreamEvent {
        @Override
        public String type() {
            return "message_stop";
        }
    }

    @JsonPropertyOrder({"type", "error"})
    record Error(ErrorBody.Detail error) implements StreamEvent {
        @Override
        public String type() {
            return "error";
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record StopDelta(@JsonProperty("stop_reason") String stopReason,
                     @JsonProperty("stop_sequence") String stopSequence) {
    }

    /** Deltas inside {@code content_block_delta}. */
    sealed interface Delta {
        @JsonProperty("type")
        String type();
    }

    @JsonPropertyOrder({"type", "text"})
    record TextDelta(String text) implements Delta {
        @Override
        public String type() {
            return "text_delta";
        }
    }

    @JsonPropertyOrder({"type", "partial_json"})
    record InputJsonDelta(@JsonProperty("partial_json") String partialJson) implements Delta {
        @Override
        public String type() {
            return "input_json_delta";
        }
    }

    @JsonPropertyOrder({"type", "thinking"})
    record ThinkingDelta(String thinking) implements Delta {
        @Override
        public String type() {
            return "thinking_delta";
        }
    }

    @JsonPropertyOrder({"type", "signature"})
    record SignatureDelta(String signature) implements Delta {
        @Override
        public String type() {
            return "signature_delta";
        }
    }
}
