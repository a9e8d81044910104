package dev.dromedary.convert;

import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.MessagesRequest;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCounterTest {

    final TokenCounter counter = new TokenCounter();

    static MessagesRequest request(String json) throws IOException {
        return Json.MAPPER.readValue(json, MessagesRequest.class);
    }

    static MessagesRequest userText(String text) throws IOException {
        return request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
                + Json.MAPPER.writeValueAsString(text) + "}]}");
    }

    static MessagesRequest claudeCodeRequest() throws IOException {
        try (var in = TokenCounterTest.class.getResourceAsStream("/fixtures/claude-code/cc-p-default-apikey.json")) {
            return Json.MAPPER.treeToValue(Json.MAPPER.readTree(in).path("body"), MessagesRequest.class);
        }
    }

    /** A request sent again (Claude Code's next turn) costs no long text a second count, and counts the same. */
    @Test
    void longTextsThatComeAgainAreCountedOnce() throws IOException {
        List<String> counted = new CopyOnWriteArrayList<>();
        O200kCounter o200k = O200kCounter.load();
        TokenCounter cached = new TokenCounter(text -> {
            counted.add(text);
            return o200k.count(text);
        });

        int first = cached.count(claudeCodeRequest());
        List<String> longOnes = counted.stream().filter(t -> t.length() >= TokenCounter.CACHED_FROM_CHARS).toList();
        counted.clear();
        int second = cached.count(claudeCodeRequest());

        assertThat(first).isEqualTo(counter.count(claudeCodeRequest())).isGreaterThan(10_000);
        assertThat(longOnes).as("the prompt, the tools' descriptions and schemas").hasSizeGreaterThan(10);
        assertThat(second).isEqualTo(first);
        assertThat(counted).as("only short texts are counted again").isNotEmpty()
                .allSatisfy(t -> assertThat(t.length()).isLessThan(TokenCounter.CACHED_FROM_CHARS));
    }

    @Test
    void longTextsThatDifferByOneWordAreCountedApart() {
        String a = "word ".repeat(200);
        String b = "word ".repeat(201);

        assertThat(counter.count(a)).isEqualTo(O200kCounter.load().count(a));
        assertThat(counter.count(b)).isEqualTo(O200kCounter.load().count(b)).isNotEqualTo(counter.count(a));
        assertThat(counter.count(a)).as("from the cache").isEqualTo(O200kCounter.load().count(a));
    }

    @Test
    void countGrowsWithContent() throws IOException {
        int empty = counter.count(userText(""));
        int hello = counter.count(userText("Hello"));
        int longer = counter.count(userText("Hello, this is a considerably longer message about tokenizers."));

        assertThat(empty).isPositive();
        assertThat(hello).isGreaterThan(empty);
        assertThat(longer).isGreaterThan(hello);
        assertThat(counter.count("Hello")).isEqualTo(hello - empty);
    }

    @Test
    void systemAndEveryMessageAreCounted() throws IOException {
        int base = counter.count(request("""
                {"model":"m","messages":[{"role":"user","content":"hi"}]}"""));
        int withSystem = counter.count(request("""
                {"model":"m","system":"You are terse.","messages":[{"role":"user","content":"hi"}]}"""));
        int twoTurns = counter.count(request("""
                {"model":"m","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"},
                 {"role":"user","content":"hi"}]}"""));

        assertThat(withSystem).isGreaterThan(base);
        assertThat(twoTurns).isGreaterThan(base);
    }

    @Test
    void toolsAreCounted() throws IOException {
        int without = counter.count(userText("list files"));
        int with = counter.count(request("""
                {"model":"m","messages":[{"role":"user","content":"list files"}],
                 "tools":[{"name":"Glob","description":"Find files by pattern",
                   "input_schema":{"type":"object","properties":{"pattern":{"type":"string"}}}}]}"""));

        assertThat(with - without).isGreaterThan(TokenCounter.PER_TOOL);
    }

    @Test
    void toolUseAndToolResultAreCounted() throws IOException {
        int plain = counter.count(request("""
                {"model":"m","messages":[{"role":"user","content":"go"}]}"""));
        int withTools = counter.count(request("""
                {"model":"m","messages":[{"role":"user","content":"go"},
                 {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Read","input":{"file_path":"/a/b/c.txt"}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"the contents of the file"}]}]}"""));

        assertThat(withTools).isGreaterThan(plain + 2 * TokenCounter.PER_MESSAGE);
    }

    @Test
    void sameRequestAlwaysGivesTheSameNumber() throws IOException {
        String body = Json.MAPPER.readTree(Files.readString(
                Path.of("src/test/resources/fixtures/claude-code/cc-interactive-count_tokens-tools.json")))
                .get("body").toString();

        int first = new TokenCounter().count(request(body));
        int again = counter.count(request(body));
        int third = counter.count(request(body));

        assertThat(first).isGreaterThan(1000).isEqualTo(again).isEqualTo(third);
    }

    @Test
    void imageIsCountedFromItsRealSize() throws IOException {
        int small = imageTokens(75, 100);    // 7,500 px / 750 = 10
        int larger = imageTokens(300, 250);  // 75,000 px / 750 = 100
        int huge = imageTokens(2000, 1500);  // capped

        assertThat(small).isEqualTo(10);
        assertThat(larger).isEqualTo(100);
        assertThat(huge).isEqualTo(TokenCounter.DEFAULT_IMAGE);
    }

    @Test
    void unreadableOrRemoteImageCountsTheDefault() throws IOException {
        assertThat(imageCount("{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"bm90IGFuIGltYWdl\"}"))
                .isEqualTo(TokenCounter.DEFAULT_IMAGE);
        assertThat(imageCount("{\"type\":\"url\",\"url\":\"https://example.com/a.png\"}"))
                .isEqualTo(TokenCounter.DEFAULT_IMAGE);
    }

    private int imageTokens(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, "png", png)).isTrue();
        return imageCount("{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\""
                + Base64.getEncoder().encodeToString(png.toByteArray()) + "\"}");
    }

    /** The tokens an image block adds to a request: with it minus without it. */
    private int imageCount(String source) throws IOException {
        int without = counter.count(request("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"see"}]}]}"""));
        int with = counter.count(request("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"see"},
                 {"type":"image","source":%s}]}]}""".formatted(source)));
        return with - without;
    }
}
