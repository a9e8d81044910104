package dev.dromedary.convert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The one change an Anthropic-format provider's traffic gets: the {@code model}. Requests go out with the
 * provider's model, answers come back with the model the client asked for; every other field passes untouched,
 * in its order, including fields this bridge does not know.
 */
public final class ModelRewrite {

    private final ObjectMapper mapper;

    public ModelRewrite(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A JSON object (a Messages request or a Message) with its top-level {@code model} set to {@code model}. */
    public byte[] topLevel(byte[] json, String model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 32);
        try (JsonParser p = mapper.createParser(json); JsonGenerator g = mapper.createGenerator(out)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new UpstreamFormatException("a JSON object was expected");
            }
            g.writeStartObject();
            boolean written = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("model")) {
                    g.writeStringField("model", model);
                    p.skipChildren();
                    written = true;
                } else {
                    g.writeFieldName(name);
                    g.copyCurrentStructure(p);
                }
            }
            if (!written) {
                g.writeStringField("model", model);
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** A {@code message_start} event's data with {@code message.model} set to {@code model}. */
    public String messageStart(String data, String model) throws IOException {
        if (!(mapper.readTree(data) instanceof ObjectNode root) || !(root.get("message") instanceof ObjectNode message)) {
            throw new UpstreamFormatException("message_start without a message");
        }
        message.put("model", model);
        return mapper.writeValueAsString(root);
    }
}
