package dev.dromedary.provider;

import dev.dromedary.api.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a provider's chat completions or messages are posted, and the route id it gets. */
class ProviderConfigTest {

    static ProviderConfig provider(String name, String baseUrl) {
        return new ProviderConfigLoader(Json.MAPPER, new EnvExpander(Map.<String, String>of()::get))
                .parse("p.json", "{\"providers\":[{\"name\":" + Json.MAPPER.valueToTree(name) + ",\"base_url\":\""
                        + baseUrl + "\",\"models\":{\"big\":[\"m\"]}}]}")
                .providers().getFirst();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "https://openrouter.ai/api/v1,                 https://openrouter.ai/api/v1/chat/completions",
            "https://openrouter.ai/api/v1/,                https://openrouter.ai/api/v1/chat/completions",
            "https://api.deepseek.com,                     https://api.deepseek.com/v1/chat/completions",
            "https://api.deepseek.com/,                    https://api.deepseek.com/v1/chat/completions",
            "http://localhost:11434,                       http://localhost:11434/v1/chat/completions",
            "http://localhost:11434/v1,                    http://localhost:11434/v1/chat/completions",
            "https://v1.example.com,                       https://v1.example.com/v1/chat/completions",
            "https://ark.cn-beijing.volces.com/api/v3,     https://ark.cn-beijing.volces.com/api/v3/chat/completions",
            "https://open.bigmodel.cn/api/paas/v4,         https://open.bigmodel.cn/api/paas/v4/chat/completions",
            "https://api.groq.com/openai/v1,               https://api.groq.com/openai/v1/chat/completions",
            "https://example.com/v1/chat/completions,      https://example.com/v1/chat/completions",
            "https://example.com/v1/chat/completions/,     https://example.com/v1/chat/completions",
            "https://generativelanguage.googleapis.com/v1beta/openai/, "
                    + "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
    })
    void chatCompletionsUrl(String baseUrl, String expected) {
        assertThat(provider("p", baseUrl).chatCompletionsUrl()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "https://api.anthropic.com,                    https://api.anthropic.com/v1/messages",
            "https://api.anthropic.com/,                   https://api.anthropic.com/v1/messages",
            "https://api.deepseek.com/anthropic,           https://api.deepseek.com/anthropic/v1/messages",
            "https://api.moonshot.ai/anthropic/v1,         https://api.moonshot.ai/anthropic/v1/messages",
            "https://example.com/v1/messages,              https://example.com/v1/messages",
    })
    void messagesUrl(String baseUrl, String expected) {
        assertThat(provider("p", baseUrl).messagesUrl()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "openrouter   | provider-openrouter",
            "OpenRouter   | provider-openrouter",
            "Ollama Local | provider-ollama-local",
            "my_vllm.2    | provider-my-vllm-2",
            "z.ai (GLM)   | provider-z-ai-glm",
            "--Kimi--     | provider-kimi",
    })
    void routeIdIsKebabCase(String name, String expected) {
        assertThat(provider(name, "http://localhost").routeId()).isEqualTo(expected)
                .matches("provider(-[a-z0-9]+)+");
    }
}
