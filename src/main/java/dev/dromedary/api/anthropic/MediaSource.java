package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The {@code source} of an image or document: {@code base64} (mediaType + data), {@code url}, {@code text}
 * (data holds the text), {@code content} (blocks) or {@code file} (fileId).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MediaSource(String type, String mediaType, String data, String url, String fileId, JsonNode content) {
}
