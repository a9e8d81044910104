package dev.dromedary.it;

import dev.dromedary.config.DromedaryProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** The statistics API on H2 (the checks are in {@link StatsApiChecks}), and its price table's configuration. */
class StatsApiTest extends StatsApiChecks {

    @Autowired
    DromedaryProperties props;

    @Test
    void pricesAreKeyedByFullModelNamesWithBracketsInYamlAndProperties() {
        // application.yaml: "[anthropic/claude-sonnet-4.5]": {input: 3, output: 15, cache-read: 0.30}
        DromedaryProperties.Price sonnet = props.prices().get("anthropic/claude-sonnet-4.5");
        assertThat(sonnet.input()).isEqualByComparingTo("3");
        assertThat(sonnet.output()).isEqualByComparingTo("15");
        assertThat(sonnet.cacheRead()).isEqualByComparingTo("0.30");
        assertThat(props.prices()).containsKeys("anthropic/claude-opus-4.1", "anthropic/claude-haiku-4.5",
                "deepseek-chat", "deepseek-reasoner", "vendor/model-a.1", "model-b");
        // without a cache-read price, cache reads cost the input price
        assertThat(props.prices().get("model-b").cacheRead()).isEqualByComparingTo(BigDecimal.ONE);
    }
}
