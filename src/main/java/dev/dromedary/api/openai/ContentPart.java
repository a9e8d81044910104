package dev.dromedary.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A part of a multi-part user message. */
public sealed interface ContentPart {

    @JsonProperty("type")
    String type();

    @JsonPropertyOrder({"type", "text"})
    record Text(String text) implements ContentPart {
        @Override
        public String type() {
            return "text";
        }
    }

    @JsonPropertyOrder({"type", "image_url"})
    record ImageUrl(@JsonProperty("image_url") Url imageUrl) implements ContentPart {
        public static ImageUrl of(String url) {
            return new ImageUrl(new Url(url));
        }

        @Override
        public String type() {
            return "image_url";
        }
    }

    record Url(String url) {
    }

    @JsonPropertyOrder({"type", "file"})
    record File(FileData file) implements ContentPart {
        @Override
        public String type() {
            return "file";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileData(String filename, @JsonProperty("file_data") String fileData) {
    }
}
