package dev.dromedary.convert;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The compact counter gives jtokkit's o200k_base count for every text: captures, code, scripts, noise, long runs. */
class O200kCounterTest {

    private static O200kCounter compact;
    private static Encoding jtokkit;

    @BeforeAll
    static void load() {
        compact = O200kCounter.load();
        jtokkit = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    private static void same(String text) {
        assertThat(compact.count(text)).as("tokens of %.80s", text).isEqualTo(jtokkit.countTokensOrdinary(text));
    }

    @Test
    void everyClaudeCodeCaptureCountsTheSame() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/fixtures"))) {
            List<Path> json = files.filter(p -> p.toString().endsWith(".json")).toList();
            assertThat(json).hasSizeGreaterThan(5);
            for (Path p : json) {
                same(Files.readString(p));
            }
        }
    }

    @Test
    void scriptsPunctuationAndWhitespaceCountTheSame() {
        List.of("", " ", "hello world", "Hello, World! It's 2026; we'll've done it.", "don't STOP'S 'll",
                "日本語のテキストと漢字", "Привет, мир!", "مرحبا بالعالم", "emoji 🐪🐫 and 👩‍💻 joined", "tab\tand\r\nlines\n\n\n",
                "    indented code {\n        return x;\n    }", "1234567890 3.14159 -42 1e10", "a/b/c\\d", "   ",
                "ÀÉÎÕÜ àéîõü ß ǅ ǈ", "\u0000\u0001 control", "x\ud800y unpaired surrogate")
                .forEach(O200kCounterTest::same);
    }

    @Test
    void longRunsUseTheLargePieceMergeAndCountTheSame() {
        Random random = new Random(42);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";
        for (int length : new int[] {200, 257, 1000, 20_000}) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            same(b.toString());
            same("x".repeat(length));
            same(" ".repeat(length) + "end");
        }
    }

    @Test
    void randomUnicodeCountsTheSame() {
        Random random = new Random(7);
        for (int n = 0; n < 300; n++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(400);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(6);
                int cp = switch (kind) {
                    case 0 -> 0x20 + random.nextInt(0x5f);
                    case 1 -> 0xa0 + random.nextInt(0x500);
                    case 2 -> 0x4e00 + random.nextInt(0x500);
                    case 3 -> 0x1f300 + random.nextInt(0x300);
                    case 4 -> " \n\t'".charAt(random.nextInt(4));
                    default -> 0x600 + random.nextInt(0x100);
                };
                b.appendCodePoint(cp);
            }
            same(b.toString());
        }
    }
}
