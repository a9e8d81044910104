package dev.dromedary.provider;

import dev.dromedary.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderConfigLoaderTest {

    static ProviderConfigLoader loader(Map<String, String> env) {
        return new ProviderConfigLoader(Json.MAPPER, new EnvExpander(env::get));
    }

    static ProviderSet parse(String json) {
        return loader(Map.of()).parse("test-provider.json", json);
    }

    static ProviderConfig byName(ProviderSet set, String name) {
        return set.providers().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shippedProviderJsonParses() {
        ProviderSet set = loader(Map.of()).load(Path.of("provider.json"));

        assertThat(set.providers()).isNotEmpty();
        assertThat(set.providers()).extracting(ProviderConfig::name).doesNotHaveDuplicates();
        assertThat(set.providers()).allSatisfy(p -> assertThat(p.models()).isNotEmpty());
    }

    @Test
    void stableCopyOfTheShippedFileLoadsAsDocumented() {
        ProviderSet set = loader(Map.of("OPENROUTER_API_KEY", "sk-or-1", "OLLAMA_SMALL_MODEL", "llama3.2:3b"))
                .load(Path.of("src/test/resources/provider/provider.json"));

        assertThat(set.providers()).extracting(ProviderConfig::name)
                .containsExactly("openrouter", "deepseek", "ollama", "vllm");
        ProviderConfig openrouter = byName(set, "openrouter");
        assertThat(openrouter.usable()).isTrue();
        assertThat(openrouter.apiKey()).isEqualTo("sk-or-1");
        assertThat(openrouter.models(Tier.MIDDLE)).containsExactly("anthropic/claude-sonnet-4.5");
        assertThat(openrouter.customHeaders()).containsEntry("X-Title", "Dromedary");
        assertThat(openrouter.timeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(openrouter.maxRetries()).isEqualTo(1);
        assertThat(openrouter.apiFormat()).isEqualTo(ApiFormat.OPENAI);

        ProviderConfig deepseek = byName(set, "deepseek");
        assertThat(deepseek.usable()).isFalse();
        assertThat(deepseek.skipReason()).contains("DEEPSEEK_API_KEY");
        assertThat(deepseek.maxTokensLimit()).isEqualTo(8192);
        assertThat(deepseek.quirks().reasoningContentHistory()).isTrue();
        assertThat(deepseek.conversionOptions().reasoningContentHistory()).isTrue();
        assertThat(deepseek.conversionOptions().maxTokensLimit()).isEqualTo(8192);

        ProviderConfig ollama = byName(set, "ollama");
        assertThat(ollama.usable()).isTrue();
        assertThat(ollama.apiKey()).isNull();
        assertThat(ollama.baseUrl()).isEqualTo("http://localhost:11434/v1");
        assertThat(ollama.models(Tier.BIG)).containsExactly("qwen3-coder:30b");
        assertThat(ollama.models(Tier.SMALL)).containsExactly("llama3.2:3b");

        assertThat(byName(set, "vllm").enabled()).isFalse();
        assertThat(set.fallbackStrategy()).isEqualTo("priority");
        assertThat(set.circuitBreaker().failureThreshold()).isEqualTo(5);
        assertThat(set.circuitBreaker().recoveryTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void variablesExpandInEveryStringField() {
        ProviderSet set = loader(Map.of("HOST", "llm.internal", "KEY", "k-9", "BIG", "big-model", "TENANT", "acme"))
                .parse("p.json", """
                        {"providers":[{"name":"x","api_key":"Bearer-${KEY}","base_url":"https://${HOST}:${PORT:-8443}/v1",
                          "models":{"big":["${BIG}"],"middle":"${MIDDLE:-mid-model}"},
                          "custom_headers":{"X-Tenant":"${TENANT}"},"timeout":"${TIMEOUT:-45}"}]}""");

        ProviderConfig x = set.providers().getFirst();
        assertThat(x.apiKey()).isEqualTo("Bearer-k-9");
        assertThat(x.baseUrl()).isEqualTo("https://llm.internal:8443/v1");
        assertThat(x.models(Tier.BIG)).containsExactly("big-model");
        assertThat(x.models(Tier.MIDDLE)).containsExactly("mid-model");
        assertThat(x.customHeaders()).containsEntry("X-Tenant", "acme");
        assertThat(x.timeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void apiKeyExpandingToNothingSkipsTheProviderNamingTheVariable() {
        ProviderSet set = parse("""
                {"providers":[{"name":"openrouter","api_key":"${OPENROUTER_API_KEY}","base_url":"https://openrouter.ai/api/v1",
                  "models":{"big":["m"]}}]}""");

        ProviderConfig p = set.providers().getFirst();
        assertThat(p.usable()).isFalse();
        assertThat(p.enabled()).isTrue();
        assertThat(p.skipReason()).contains("OPENROUTER_API_KEY");
        assertThat(p.apiKey()).isNull();
        assertThat(set.usable()).isEmpty();
    }

    @Test
    void providerWithoutApiKeyIsUsableWithNullKey() {
        ProviderConfig p = parse("""
                {"providers":[{"name":"ollama","base_url":"http://localhost:11434","models":{"small":["qwen3:4b"]}}]}""")
                .providers().getFirst();

        assertThat(p.usable()).isTrue();
        assertThat(p.apiKey()).isNull();
        assertThat(p.skipReason()).isNull();
    }

    @Test
    void malformedJsonNamesFileLineAndColumn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken-provider.json");
        Files.writeString(file, "{\n  \"providers\": [\n    {\"name\": \"a\",}\n  ]\n}\n");

        assertThatThrownBy(() -> loader(Map.of()).load(file))
                .isInstanceOf(ProviderConfigException.class)
                .hasMessageContaining("broken-provider.json")
                .hasMessageContaining("line 3")
                .hasMessageContaining("column ");
    }

    @Test
    void missingFileSaysSo(@TempDir Path dir) {
        assertThatThrownBy(() -> loader(Map.of()).load(dir.resolve("nope.json")))
                .isInstanceOf(ProviderConfigException.class).hasMessageContaining("nope.json")
                .hasMessageContaining("not found");
    }

    @Test
    void missingBaseUrlNamesFileProviderAndKey() {
        assertThatThrownBy(() -> parse("""
                {"providers":[{"name":"groq","models":{"big":["m"]}}]}"""))
                .isInstanceOf(ProviderConfigException.class)
                .hasMessageContaining("test-provider.json").hasMessageContaining("'groq'")
                .hasMessageContaining("'base_url'");
    }

    @Test
    void missingNameNamesFilePositionAndKey() {
        assertThatThrownBy(() -> parse("""
                {"providers":[{"name":"a","base_url":"http://a","models":{"big":["m"]}},
                              {"base_url":"http://b","models":{"big":["m"]}}]}"""))
                .isInstanceOf(ProviderConfigException.class)
                .hasMessageContaining("test-provider.json").hasMessageContaining("providers[1]")
                .hasMessageContaining("'name'");
    }

    @Test
    void missingOrEmptyModelsNamesFileProviderAndKey() {
        assertThatThrownBy(() -> parse("""
                {"providers":[{"name":"groq","base_url":"https://api.groq.com/openai/v1"}]}"""))
                .isInstanceOf(ProviderConfigException.class)
                .hasMessageContaining("test-provider.json").hasMessageContaining("'groq'")
                .hasMessageContaining("'models'");
        assertThatThrownBy(() -> parse("""
                {"providers":[{"name":"groq","base_url":"https://api.groq.com/openai/v1","models":{"big":[]}}]}"""))
                .isInstanceOf(ProviderConfigException.class).hasMessageContaining("'groq'")
                .hasMessageContaining("'models'");
    }

    @Test
    void mistypedPriorityNamesTheKey() {
        assertThatThrownBy(() -> parse("""
                {"providers":[{"name":"a","priority":"high","base_url":"http://a","models":{"big":["m"]}}]}"""))
                .isInstanceOf(ProviderConfigException.class)
                .hasMessageContaining("test-provider.json").hasMessageContaining("'a'")
                .hasMessageContaining("'priority'");
        assertThatThrownBy(() -> parse("""
                {"providers":[{"name":"a","priority":{"v":1},"base_url":"http://a","models":{"big":["m"]}}]}"""))
                .isInstanceOf(ProviderConfigException.class).hasMessageContaining("'priority'");
    }

    @Test
    void priorityWrittenAsANumberStringIsAccepted() {
        assertThat(parse("""
                {"providers":[{"name":"a","priority":"7","base_url":"http://a","models":{"big":["m"]}}]}""")
                .providers().getFirst().priority()).isEqualTo(7);
    }

    @Test
    void unknownKeysAreIgnored() {
        ProviderSet set = parse("""
                {"version":2,"comment":"hi","providers":[{"name":"a","base_url":"http://a","models":{"big":["m"],"huge":["x"]},
                  "description":"local box","supports_vision":true,"extra":{"nested":[1,2]}}]}""");

        assertThat(set.providers()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("a");
            assertThat(p.models()).containsOnlyKeys(Tier.BIG);
        });
    }

    @Test
    void duplicateNamesAreRejected() {
        assertThatThrownBy(() -> parse("""
                {"providers":[{"name":"a","base_url":"http://a","models":{"big":["m"]}},
                              {"name":"a","base_url":"http://b","models":{"big":["n"]}}]}"""))
                .isInstanceOf(ProviderConfigException.class)
                .hasMessageContaining("test-provider.json").hasMessageContaining("'a'").hasMessageContaining("duplicate");
    }

    @Test
    void providersAreSortedByPriorityThenFileOrder() {
        ProviderSet set = parse("""
                {"providers":[
                  {"name":"third","priority":5,"base_url":"http://c","models":{"big":["m"]}},
                  {"name":"first","priority":1,"base_url":"http://a","models":{"big":["m"]}},
                  {"name":"unprioritised","base_url":"http://d","models":{"big":["m"]}},
                  {"name":"second","priority":5,"base_url":"http://b","models":{"big":["m"]}}]}""");

        assertThat(set.providers()).extracting(ProviderConfig::name)
                .containsExactly("first", "third", "second", "unprioritised");
    }

    @Test
    void badApiFormatAndBaseUrlSchemeAreRejectedWithTheKey() {
        assertThatThrownBy(() -> parse("""
                {"providers":[{"name":"a","api_format":"gemini","base_url":"http://a","models":{"big":["m"]}}]}"""))
                .isInstanceOf(ProviderConfigException.class).hasMessageContaining("'api_format'");
        assertThatThrownBy(() -> parse("""
                {"providers":[{"name":"a","base_url":"api.example.com/v1","models":{"big":["m"]}}]}"""))
                .isInstanceOf(ProviderConfigException.class).hasMessageContaining("'base_url'");
    }

    @Test
    void quirksAreReadIntoConversionOptions() {
        ProviderConfig p = parse("""
                {"providers":[{"name":"openai","base_url":"https://api.openai.com/v1","models":{"big":["o3"]},
                  "reasoning_effort":true,"pdf_input":true,"system_in_place":"true","max_completion_tokens":true,
                  "max_tokens_limit":100000}]}""").providers().getFirst();

        assertThat(p.conversionOptions()).isEqualTo(new dev.dromedary.convert.ConversionOptions("openai", 100000,
                true, false, true, true, true));
    }

    @Test
    void mistypedBooleanNamesTheKey() {
        assertThatThrownBy(() -> parse("""
                {"providers":[{"name":"a","enabled":"yes","base_url":"http://a","models":{"big":["m"]}}]}"""))
                .isInstanceOf(ProviderConfigException.class).hasMessageContaining("'enabled'");
    }

    @Test
    void providersMustBeAnArray() {
        assertThatThrownBy(() -> parse("{\"providers\":{}}")).isInstanceOf(ProviderConfigException.class)
                .hasMessageContaining("'providers'");
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(ProviderConfigException.class)
                .hasMessageContaining("test-provider.json");
    }
}
