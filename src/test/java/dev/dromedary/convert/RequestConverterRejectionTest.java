package dev.dromedary.convert;

import dev.dromedary.error.BridgeException;
import org.junit.jupiter.api.Test;

import static dev.dromedary.convert.RequestConverterGoldenTest.CONVERTER;
import static dev.dromedary.convert.RequestConverterGoldenTest.UPSTREAM_MODEL;
import static dev.dromedary.convert.RequestConverterGoldenTest.read;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an OpenAI-format provider cannot serve is a clear 400, not a silent drop or an upstream error. */
class RequestConverterRejectionTest {

    @Test
    void pdfWithoutPdfInputIs400NamingTheProvider() {
        assertThatThrownBy(() -> CONVERTER.convert(read("document-pdf"), UPSTREAM_MODEL,
                ConversionOptions.defaults("deepseek")))
                .isInstanceOfSatisfying(BridgeException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(400);
                    org.assertj.core.api.Assertions.assertThat(e.errorType()).isEqualTo("invalid_request_error");
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
                        e -> org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("LateTool");
    }

    @Test
    void toolChoiceNamingAServerToolIs400() {
        assertThatThrownBy(() -> CONVERTER.convert(read("tool-choice-server"), UPSTREAM_MODEL,
                ConversionOptions.defaults("p")))
                .isInstanceOfSatisfying(BridgeException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("web_search");
    }
}
