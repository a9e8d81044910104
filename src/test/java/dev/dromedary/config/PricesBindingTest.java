package dev.dromedary.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The price table's YAML, written as docs/stats-api.md says. */
class PricesBindingTest {

    private static DromedaryProperties bind(String yaml) throws Exception {
        var sources = new YamlPropertySourceLoader().load("test",
                new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("dromedary",
                DromedaryProperties.class);
    }

    @Test
    void bracketedKeysKeepSlashesDotsAndColons() throws Exception {
        DromedaryProperties props = bind("""
                dromedary:
                  prices:
                    "[anthropic/claude-sonnet-4.5]": {input: 3, output: 15, cache-read: 0.30}
                    "[qwen3-coder:30b]":
                      input: 0
                      output: 0
                """);
        assertThat(props.prices()).containsOnlyKeys("anthropic/claude-sonnet-4.5", "qwen3-coder:30b");
        assertThat(props.prices().get("anthropic/claude-sonnet-4.5").cacheRead()).isEqualByComparingTo("0.30");
        // no cache-read price: cache reads cost the input price
        assertThat(props.prices().get("qwen3-coder:30b").cacheRead()).isEqualByComparingTo("0");
    }

    @Test
    void withoutBracketsTheKeyIsMangled() throws Exception {
        DromedaryProperties props = bind("""
                dromedary:
                  prices:
                    "deepseek/deepseek-chat": {input: 1, output: 2}
                """);
        // the binder drops the '/': the price would never match the model
        assertThat(props.prices()).containsOnlyKeys("deepseekdeepseek-chat");
    }

    @Test
    void aPriceWithoutOutputStopsStartUp() {
        assertThatThrownBy(() -> bind("""
                dromedary:
                  prices:
                    "[vendor/model-x.1]": {input: 1}
                """)).hasMessageContaining("dromedary.prices")
                .rootCause().hasMessage("a price needs both input and output (USD per million tokens)");
    }
}
