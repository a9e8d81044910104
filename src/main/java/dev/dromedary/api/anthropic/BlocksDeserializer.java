package dev.dromedary.api.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;

import java.io.IOException;
import java.util.List;

/** Anthropic lets {@code content} and {@code system} be a plain string or a list of blocks; both become blocks. */
public final class BlocksDeserializer extends JsonDeserializer<List<ContentBlock>> {

    @Override
    public List<ContentBlock> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return List.of(new TextBlock(p.getText()));
        }
        JavaType listType = ctxt.getTypeFactory().constructCollectionType(List.class, ContentBlock.class);
        return ctxt.readValue(p, listType);
    }

    @Override
    public List<ContentBlock> getNullValue(DeserializationContext ctxt) {
        return List.of();
    }
}
