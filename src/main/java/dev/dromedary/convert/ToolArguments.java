package dev.dromedary.convert;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Parses a tool call's {@code arguments} string into the object Anthropic's {@code input} must be. */
public final class ToolArguments {

    /** Key under which arguments that are not a JSON object are handed on, so the model sees what it sent. */
    public static final String RAW_KEY = "_unparsed_arguments";

    private ToolArguments() {
    }

    public static ObjectNode parse(ObjectMapper json, String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        // strict: '{"a":1}{"b":2}' (two calls glued together) is not one object, and taking the first would drop the rest
        ObjectReader strict = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try {
            JsonNode node = strict.readTree(arguments);
            if (node instanceof ObjectNode obj) {
                return obj;
            }
            // some providers double-encode: a JSON string that holds the object
            if (node != null && node.isTextual()) {
                JsonNode inner = strict.readTree(node.asText());
                if (inner instanceof ObjectNode obj) {
                    return obj;
                }
            }
        } catch (Exception e) {
            // fall through: unparsable arguments are kept, never fatal
        }
        return JsonNodeFactory.instance.objectNode().put(RAW_KEY, arguments);
    }

    public static boolean isRaw(JsonNode input) {
        return input != null && input.size() == 1 && input.has(RAW_KEY);
    }
}
