package dev.dromedary.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.dromedary.api.anthropic.ContentBlock;
import dev.dromedary.api.anthropic.DocumentBlock;
import dev.dromedary.api.anthropic.ImageBlock;
import dev.dromedary.api.anthropic.InputMessage;
import dev.dromedary.api.anthropic.MessagesRequest;
import dev.dromedary.api.anthropic.TextBlock;
import dev.dromedary.api.anthropic.ThinkingBlock;
import dev.dromedary.api.anthropic.Tool;
import dev.dromedary.api.anthropic.ToolResultBlock;
import dev.dromedary.api.anthropic.ToolUseBlock;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Counts a request's input tokens with a real BPE tokenizer (o200k_base), the count that count_tokens answers and
 * message_start reports. It is an estimate of the upstream model's own count: providers use other tokenizers.
 * <p>
 * Counts of long texts are kept by the texts' SHA-256, never the texts: Claude Code sends its system prompt, its
 * tools and the conversation so far with every turn, and counting them again was two fifths of the bridge's CPU
 * under a burst of its requests (bench/RESULTS.md, step 19). Hashing a text costs a small part of counting it.
 */
public final class TokenCounter {

    /** Role and separator tokens per message, per tool, and once per request, as chat templates add them. */
    static final int PER_MESSAGE = 4;
    static final int PER_TOOL = 8;
    static final int PER_REQUEST = 3;
    /** Anthropic's figure for an image of unknown size (about 1.15 megapixels). */
    static final int DEFAULT_IMAGE = 1600;

    /** Texts shorter than this are counted each time: cheaper than hashing and keeping them. */
    static final int CACHED_FROM_CHARS = 512;
    /** About 100 bytes each: half a megabyte of heap. */
    static final int CACHED_COUNTS = 5_000;

    private final ToIntFunction<String> tokenizer;
    private final Cache<TextDigest, Integer> counts = Caffeine.newBuilder().maximumSize(CACHED_COUNTS).build();

    public TokenCounter() {
        this(O200kCounter.load()::count);
    }

    /** @param tokenizer counts the tokens of a non-empty text */
    TokenCounter(ToIntFunction<String> tokenizer) {
        this.tokenizer = tokenizer;
    }

    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (text.length() < CACHED_FROM_CHARS) {
            return tokenizer.applyAsInt(text);
        }
        return counts.get(TextDigest.of(text), k -> tokenizer.applyAsInt(text));
    }

    /** The first 128 bits of a text's SHA-256: as good as the text itself for telling texts apart. */
    record TextDigest(long high, long low) {

        static TextDigest of(String text) {
            try {
                ByteBuffer sha = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
                return new TextDigest(sha.getLong(), sha.getLong());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }

    public int count(MessagesRequest req) {
        int total = PER_REQUEST + blocks(req.system());
        if (req.messages() != null) {
            for (InputMessage m : req.messages()) {
                total += PER_MESSAGE + blocks(m.content());
            }
        }
        for (Tool t : req.tools()) {
            total += PER_TOOL + count(t.name()) + count(t.description()) + json(t.inputSchema());
        }
        return total;
    }

    private int blocks(List<ContentBlock> blocks) {
        int total = 0;
        for (ContentBlock b : blocks) {
            total += switch (b) {
                case TextBlock t -> count(t.text());
                case ThinkingBlock t -> count(t.thinking());
                case ToolUseBlock u -> count(u.name()) + json(u.input());
                case ToolResultBlock r -> blocks(r.content());
                case ImageBlock i -> image(i);
                case DocumentBlock d -> d.source() == null ? 0 : count(d.source().data()) + count(d.title());
                default -> 0;
            };
        }
        return total;
    }

    private int json(JsonNode node) {
        return node == null || node.isNull() ? 0 : count(node.toString());
    }

    /** Anthropic bills an image at width × height / 750; the size is read from the image header only. */
    static int image(ImageBlock image) {
        if (image.source() == null || !"base64".equals(image.source().type()) || image.source().data() == null) {
            return DEFAULT_IMAGE;
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(
                new ByteArrayInputStream(Base64.getMimeDecoder().decode(image.source().data())))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return DEFAULT_IMAGE;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                return (int) Math.max(1, Math.min(DEFAULT_IMAGE, pixels / 750));
            } finally {
                reader.dispose();
            }
        } catch (Exception e) {
            return DEFAULT_IMAGE;
        }
    }
}
