package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code {"type":"error","error":{"type","message"},"request_id"}}. */
@JsonPropertyOrder({"type", "error", "request_id"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String type, Detail error, @JsonProperty("request_id") String requestId) {

    public static ErrorBody of(String errorType, String message, String requestId) {
        return new ErrorBody("error", new Detail(errorType, message), requestId);
    }

    @JsonPropertyOrder({"type", "message"})
    public record Detail(String type, String message) {
    }
}
