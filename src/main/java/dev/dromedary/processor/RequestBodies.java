package dev.dromedary.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.InputMessage;
import dev.dromedary.api.anthropic.MessagesRequest;
import dev.dromedary.error.BridgeException;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads and validates a Messages request body, answering bad input with a 400 that names the field. */
final class RequestBodies {

    private static final Set<String> ROLES = Set.of("user", "assistant", "system");

    private RequestBodies() {
    }

    static MessagesRequest parse(Exchange exchange, boolean requireMaxTokens) {
        MessagesRequest req = read(exchange.getIn().getBody());
        if (req == null) {
            throw BridgeException.invalidRequest("request body: a JSON object is required");
        }
        if (req.model() == null || req.model().isBlank()) {
            throw BridgeException.invalidRequest("model: Field required");
        }
        if (req.messages() == null) {
            throw BridgeException.invalidRequest("messages: Field required");
        }
        if (req.messages().isEmpty() && requireMaxTokens) {
            throw BridgeException.invalidRequest("messages: at least one message is required");
        }
        if (requireMaxTokens) {
            if (req.maxTokens() == null) {
                throw BridgeException.invalidRequest("max_tokens: Field required");
            }
            if (req.maxTokens() < 1) {
                throw BridgeException.invalidRequest("max_tokens: must be at least 1");
            }
        }
        for (int i = 0; i < req.messages().size(); i++) {
            InputMessage m = req.messages().get(i);
            if (m == null || m.role() == null) {
                throw BridgeException.invalidRequest("messages." + i + ".role: Field required");
            }
            if (!ROLES.contains(m.role())) {
                throw BridgeException.invalidRequest("messages." + i + ".role: must be \"user\" or \"assistant\", not \""
                        + m.role() + "\"");
            }
        }
        return req;
    }

    private static MessagesRequest read(Object body) {
        try {
            return switch (body) {
                case null -> throw BridgeException.invalidRequest("request body: a JSON object is required");
                case byte[] bytes -> Json.MAPPER.readValue(bytes, MessagesRequest.class);
                case String text -> Json.MAPPER.readValue(text, MessagesRequest.class);
                case InputStream in -> Json.MAPPER.readValue(in, MessagesRequest.class);
                case Reader reader -> Json.MAPPER.readValue(reader, MessagesRequest.class);
                default -> throw BridgeException.invalidRequest("request body: unsupported body");
            };
        } catch (MismatchedInputException e) {
            throw BridgeException.invalidRequest(path(e) + ": " + expected(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw BridgeException.invalidRequest(path(e) + ": " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw BridgeException.invalidRequest("request body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
                    + ": " + withoutSource(firstLine(e.getOriginalMessage())));
        } catch (dev.dromedary.error.RequestBodyRefused e) {
            throw e.toBridgeException();
        } catch (IOException e) {
            throw BridgeException.invalidRequest("request body could not be read: " + e.getMessage());
        }
    }

    /** {@code messages.0.content.1.source} style, as Anthropic names fields. */
    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .collect(Collectors.joining("."));
        return p.isEmpty() ? "request body" : p;
    }

    /** Names the JSON type a field needs, not the Java type it binds to. */
    private static String expected(Class<?> target) {
        if (target == null) {
            return "invalid value";
        }
        if (java.util.Collection.class.isAssignableFrom(target) || target.isArray()) {
            return "expected an array";
        }
        if (target == String.class) {
            return "expected a string";
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return "expected an integer";
        }
        if (Number.class.isAssignableFrom(target) || target == double.class) {
            return "expected a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "expected a boolean";
        }
        return "expected an object";
    }

    /** Jackson appends where the source was; the source itself is never echoed back. */
    private static String withoutSource(String message) {
        int at = message.indexOf(" (start marker at");
        return at < 0 ? message : message.substring(0, at);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
