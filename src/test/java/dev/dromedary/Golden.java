package dev.dromedary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dromedary.api.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files under {@code src/test/resources/golden}. JSON is compared as trees (key order and whitespace do not
 * matter); SSE streams frame by frame, each {@code data:} parsed as JSON. Run with {@code -Dgolden.update=true} to
 * (re)write the expected files instead of comparing, then read the diff before committing it.
 */
public final class Golden {

    public static final Path ROOT = Path.of("src/test/resources/golden");

    private Golden() {
    }

    public static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    public static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("golden file " + path(relative) + " is missing: run with -Dgolden.update=true", e);
        }
    }

    public static JsonNode readJson(String relative) {
        try {
            return Json.MAPPER.readTree(read(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compares {@code actual} (a record, a JsonNode, ...) with the JSON golden file, or writes it when updating. */
    public static void assertJson(String relative, Object actual) {
        JsonNode tree = actual instanceof JsonNode n ? n : Json.MAPPER.valueToTree(actual);
        if (updating()) {
            try {
                write(relative, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        compareJson(relative, tree);
    }

    /** Compares, whether updating or not. */
    public static void compareJson(String relative, JsonNode actual) {
        assertThat(actual).as("golden %s", relative).isEqualTo(readJson(relative));
    }

    /** Compares an SSE stream with the golden file event by event, or writes it when updating. */
    public static void assertSse(String relative, String actual) {
        if (updating()) {
            write(relative, actual);
            return;
        }
        compareSse(relative, actual);
    }

    /** Compares, whether updating or not. */
    public static void compareSse(String relative, String actual) {
        List<Frame> expected = parseFrames(read(relative));
        List<Frame> got = parseFrames(actual);
        for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
            assertThat(got.get(i)).as("golden %s, frame %d", relative, i).isEqualTo(expected.get(i));
        }
        assertThat(got).as("golden %s: number of frames", relative).hasSameSizeAs(expected);
    }

    /** One Anthropic SSE frame: its {@code event:} name and its parsed {@code data:}. */
    public record Frame(String event, JsonNode data) {

        public String type() {
            return data.path("type").asText(null);
        }

        public int index() {
            return data.path("index").asInt(-1);
        }

        @Override
        public String toString() {
            return "event: " + event + " data: " + data;
        }
    }

    /** Splits {@code event: X\ndata: JSON\n\n} frames; any other shape fails the test. */
    public static List<Frame> parseFrames(String sse) {
        List<Frame> frames = new ArrayList<>();
        String[] chunks = sse.split("\n\n", -1);
        for (int i = 0; i < chunks.length; i++) {
            String chunk = chunks[i];
            if (chunk.isEmpty() && i == chunks.length - 1) {
                break;
            }
            String[] lines = chunk.split("\n", -1);
            assertThat(lines).as("frame %d must be exactly 'event:' and 'data:' lines: %s", i, chunk).hasSize(2);
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            try {
                frames.add(new Frame(lines[0].substring(7), Json.MAPPER.readTree(lines[1].substring(6))));
            } catch (IOException e) {
                throw new AssertionError("frame " + i + " has no JSON data: " + lines[1], e);
            }
        }
        assertThat(sse).as("a stream ends with a blank line").endsWith("\n\n");
        return frames;
    }

    /** Replaces every {@code "id"} matching {@code pattern} (anywhere in the tree) by {@code replacement}. */
    public static JsonNode replaceIds(JsonNode node, String pattern, String replacement) {
        if (node instanceof ObjectNode obj) {
            JsonNode id = obj.get("id");
            if (id != null && id.isTextual() && id.asText().matches(pattern)) {
                obj.put("id", replacement);
            }
        }
        node.forEach(child -> replaceIds(child, pattern, replacement));
        return node;
    }

    private static void write(String relative, String content) {
        try {
            Path file = path(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
