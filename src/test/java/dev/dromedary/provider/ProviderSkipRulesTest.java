package dev.dromedary.provider;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When a provider is kept out of use, and when an empty value is what the file asked for. */
class ProviderSkipRulesTest {

    private static ProviderConfig only(String provider) {
        return ProviderConfigLoaderTest.loader(Map.of())
                .parse("p.json", "{\"providers\":[" + provider + "]}").providers().getFirst();
    }

    @Test
    void keyWithExplicitEmptyDefaultIsOptional() {
        ProviderConfig p = only("""
                {"name":"vllm","api_key":"${UNSET_VLLM_KEY:-}","base_url":"http://h/v1","models":{"big":["m"]}}""");

        assertThat(p.usable()).isTrue();
        assertThat(p.apiKey()).isNull();
    }

    @Test
    void keyWithoutDefaultThatExpandsToNothingSkipsTheProvider() {
        ProviderConfig p = only("""
                {"name":"router","api_key":"${UNSET_ROUTER_KEY}","base_url":"http://h/v1","models":{"big":["m"]}}""");

        assertThat(p.usable()).isFalse();
        assertThat(p.skipReason()).contains("UNSET_ROUTER_KEY");
    }

    @Test
    void anthropicFormatIsUsable() {
        ProviderConfig p = only("""
                {"name":"claude","api_format":"anthropic","base_url":"http://h","models":{"big":["m"]}}""");

        assertThat(p.apiFormat()).isEqualTo(ApiFormat.ANTHROPIC);
        assertThat(p.usable()).isTrue();
        assertThat(p.skipReason()).isNull();
    }
}
