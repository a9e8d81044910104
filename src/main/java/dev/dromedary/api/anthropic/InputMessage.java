package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.util.List;

public record InputMessage(String role, @JsonDeserialize(using = BlocksDeserializer.class) List<ContentBlock> content) {

    public InputMessage {
        content = content == null ? List.of() : content;
    }
}
