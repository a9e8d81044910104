package dev.dromedary.convert;

import dev.dromedary.api.Json;
import dev.dromedary.api.anthropic.MessagesRequest;
import dev.dromedary.error.BridgeException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static dev.dromedary.convert.RequestConverterGoldenTest.CONVERTER;
import static dev.dromedary.convert.RequestConverterGoldenTest.UPSTREAM_MODEL;
import static dev.dromedary.convert.RequestConverterGoldenTest.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an OpenAI-format provider cannot serve is a clear 400, not a silent drop or an upstream error. */
class RequestConverterRejectionTest {

    @Test
    void pdfWithoutPdfInputIs400NamingTheProvider() {
        assertThatThrownBy(() -> CONVERTER.convert(read("document-pdf"), UPSTREAM_MODEL,
                ConversionOptions.defaults("deepseek")))
                .isInstanceOfSatisfying(BridgeException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errorType()).isEqualTo("invalid_request_error");
                })
                .hasMessageContaining("PDF")
                .hasMessageContaining("'deepseek'")
                .hasMessageContaining("pdf_input");
    }

    @Test
    void toolChoiceNamingADeferredToolIs400() {
        assertThatThrownBy(() -> CONVERTER.convert(read("tool-choice-deferred"), UPSTREAM_MODEL,
                ConversionOptions.defaults("p")))
                .isInstanceOfSatisfying(BridgeException.class,
                        e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("LateTool");
    }

    @Test
    void toolChoiceNamingAServerToolIs400() {
        assertThatThrownBy(() -> CONVERTER.convert(read("tool-choice-server"), UPSTREAM_MODEL,
                ConversionOptions.defaults("p")))
                .isInstanceOfSatisfying(BridgeException.class,
                        e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("web_search");
    }

    @Test
    void toolChoiceAnyWithNoServableToolIs400() throws IOException {
        MessagesRequest request = Json.MAPPER.readValue("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"search"}],
                 "tools":[{"type":"web_search_20250305","name":"web_search"},
                          {"name":"Late","input_schema":{},"defer_loading":true}],
                 "tool_choice":{"type":"any"}}""", MessagesRequest.class);

        assertThatThrownBy(() -> CONVERTER.convert(request, UPSTREAM_MODEL, ConversionOptions.defaults("p")))
                .isInstanceOfSatisfying(BridgeException.class,
                        e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("tool_choice");
    }
}
