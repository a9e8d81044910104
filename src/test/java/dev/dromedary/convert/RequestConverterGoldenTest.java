package dev.dromedary.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.Golden;
import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.MessagesRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * golden/request/&lt;input&gt;.anthropic.json, converted with the case's options, must equal
 * golden/request/&lt;case&gt;.openai.json, and the conversion notes must name what was left out.
 */
class RequestConverterGoldenTest {

    static final String PROVIDER = "test-provider";
    static final String UPSTREAM_MODEL = "upstream-model";
    static final RequestConverter CONVERTER = new RequestConverter(Json.MAPPER);

    /** One conversion: which input, which options, and a fragment of each note it must produce (no others). */
    record Case(String name, String input, ConversionOptions options, List<String> notes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case plain(String name, String... notes) {
        return new Case(name, name, ConversionOptions.defaults(PROVIDER), List.of(notes));
    }

    static Case with(String name, String input, ConversionOptions options, String... notes) {
        return new Case(name, input, options, List.of(notes));
    }

    /** Options with a token limit and the named switches on. */
    static ConversionOptions options(Integer maxTokensLimit, String... switches) {
        List<String> on = List.of(switches);
        return new ConversionOptions(PROVIDER, maxTokensLimit, on.contains("reasoningEffort"),
                on.contains("reasoningContentHistory"), on.contains("pdfInput"), on.contains("systemInPlace"),
                on.contains("maxCompletionTokens"));
    }

    static Stream<Case> cases() {
        return Stream.of(
                plain("system-string"),
                plain("system-blocks-cache-control"),
                with("system-message-merged", "system-message", ConversionOptions.defaults(PROVIDER)),
                with("system-message-in-place", "system-message", options(null, "systemInPlace")),
                plain("user-text-images"),
                plain("documents-text"),
                with("document-pdf-file-part", "document-pdf", options(null, "pdfInput")),
                plain("tool-turn"),
                plain("tool-result-error"),
                plain("tool-result-image"),
                plain("tool-result-no-content"),
                plain("tools-deferred-and-server", "DeferredToolPlaceholder", "web_search_20250305"),
                plain("tool-choice-auto"),
                plain("tool-choice-any"),
                plain("tool-choice-tool"),
                plain("tool-choice-none"),
                plain("disable-parallel-tool-use"),
                plain("stop-sequences-six", "[</e>, </f>]"),
                plain("sampling", "top_k"),
                plain("metadata-user"),
                with("max-tokens-unclamped", "max-tokens-large", options(null)),
                with("max-tokens-clamped", "max-tokens-large", options(8192), "64000 clamped to 8192"),
                with("max-completion-tokens-clamped", "max-tokens-large", options(16384, "maxCompletionTokens"),
                        "64000 clamped to 16384"),
                with("thinking-budget-2000", "thinking-budget-2000", options(null, "reasoningEffort")),
                with("thinking-budget-10000", "thinking-budget-10000", options(null, "reasoningEffort")),
                with("thinking-budget-31999", "thinking-budget-31999", options(null, "reasoningEffort")),
                with("thinking-budget-31999-no-reasoning-effort", "thinking-budget-31999", options(null)),
                with("thinking-adaptive-effort-low", "thinking-adaptive-effort-low", options(null, "reasoningEffort")),
                with("thinking-adaptive", "thinking-adaptive", options(null, "reasoningEffort")),
                with("thinking-disabled", "thinking-disabled", options(null, "reasoningEffort")),
                with("thinking-history-dropped", "thinking-history", ConversionOptions.defaults(PROVIDER)),
                with("thinking-history-reasoning-content", "thinking-history",
                        options(null, "reasoningContentHistory")),
                plain("stream"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void convertsToTheGoldenRequest(Case c) {
        Conversion conversion = CONVERTER.convert(read(c.input()), UPSTREAM_MODEL, c.options());

        JsonNode actual = Json.MAPPER.valueToTree(conversion.request());
        Golden.assertJson("request/" + c.name() + ".openai.json", actual);
        OpenAiRequestInvariants.check(c.name(), actual);
        assertThat(conversion.notes()).as("notes of %s", c.name()).hasSameSizeAs(c.notes());
        for (String fragment : c.notes()) {
            assertThat(conversion.notes()).as("notes of %s", c.name()).anyMatch(n -> n.contains(fragment));
        }
    }

    static MessagesRequest read(String input) {
        try {
            return Json.MAPPER.readValue(Golden.read("request/" + input + ".anthropic.json"), MessagesRequest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
