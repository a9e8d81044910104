package dev.dromedary.provider;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvExpanderTest {

    final EnvExpander env = new EnvExpander(Map.of("HOST", "example.com", "KEY", "sk-1", "EMPTY", "")::get);

    @Test
    void variablesExpandAnywhereInAString() {
        assertThat(env.expand("https://${HOST}/v1")).isEqualTo("https://example.com/v1");
        assertThat(env.expand("${HOST}")).isEqualTo("example.com");
        assertThat(env.expand("Bearer ${KEY} for ${HOST}!")).isEqualTo("Bearer sk-1 for example.com!");
    }

    @Test
    void defaultsApplyWhenUnsetOrEmpty() {
        assertThat(env.expand("${PORT:-8080}")).isEqualTo("8080");
        assertThat(env.expand("http://${HOST:-localhost}:${PORT:-11434}/v1")).isEqualTo("http://example.com:11434/v1");
        assertThat(env.expand("${EMPTY:-fallback}")).isEqualTo("fallback");
        assertThat(env.expand("${MODEL:-qwen3-coder:30b}")).isEqualTo("qwen3-coder:30b");
        assertThat(env.expand("${MODEL:-Qwen/Qwen3-Coder-30B-A3B-Instruct}")).isEqualTo("Qwen/Qwen3-Coder-30B-A3B-Instruct");
    }

    @Test
    void unsetWithoutDefaultExpandsToNothing() {
        assertThat(env.expand("${MISSING}")).isEmpty();
        assertThat(env.expand("a${MISSING}b")).isEqualTo("ab");
        assertThat(env.expand("${MISSING:-}")).isEmpty();
    }

    @Test
    void textWithoutVariablesIsUntouched() {
        assertThat(env.expand("plain $HOST $ {HOST} {HOST}")).isEqualTo("plain $HOST $ {HOST} {HOST}");
        assertThat(env.expand(null)).isNull();
        assertThat(env.expand("price: $5 \\ back")).isEqualTo("price: $5 \\ back");
    }

    @Test
    void replacementsAreLiteral() {
        EnvExpander special = new EnvExpander(Map.of("K", "a$1\\b")::get);
        assertThat(special.expand("x${K}y")).isEqualTo("xa$1\\by");
    }

    @Test
    void variablesInNamesEveryReference() {
        assertThat(EnvExpander.variablesIn("${A}-${B:-x}")).isEqualTo("A, B");
        assertThat(EnvExpander.variablesIn("none")).isEmpty();
    }
}
