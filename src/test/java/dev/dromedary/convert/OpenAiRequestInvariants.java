package dev.dromedary.convert;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What every request sent to an OpenAI-format provider must satisfy, whatever the Anthropic input was. */
final class OpenAiRequestInvariants {

    /** Keys that exist only in the Anthropic API: none may reach an OpenAI upstream, at any depth. */
    static final List<String> ANTHROPIC_ONLY_KEYS = List.of("cache_control", "thinking", "signature",
            "defer_loading", "context_management", "output_config", "anthropic_beta", "input_schema", "tool_use_id",
            "budget_tokens", "metadata", "stop_sequences", "top_k");

    static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    private OpenAiRequestInvariants() {
    }

    static void check(String name, JsonNode request) {
        assertNoAnthropicKeys(name, "$", request, false);
        JsonNode messages = request.path("messages");
        assertThat(messages.isArray() && !messages.isEmpty()).as("%s: messages", name).isTrue();
        Set<String> openCalls = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText();
            assertThat(ROLES).as("%s: role of messages[%d]", name, i).contains(role);
            switch (role) {
                case "assistant" -> {
                    openCalls.clear();
                    m.path("tool_calls").forEach(call -> openCalls.add(call.path("id").asText()));
                }
                case "tool" -> {
                    // a tool answer must follow its assistant message with only other tool answers in between
                    assertThat(openCalls).as("%s: tool_call_id of messages[%d] answers a call of the closest "
                            + "preceding assistant message, with nothing but tool messages in between", name, i)
                            .contains(m.path("tool_call_id").asText());
                    openCalls.remove(m.path("tool_call_id").asText());
                }
                default -> openCalls.clear();
            }
        }
    }

    /**
     * @param argumentNames the node is a JSON-schema {@code properties} object: its keys are the tool's own argument
     *                      names (Claude Code's TaskCreate has one called {@code metadata}), not API fields
     */
    private static void assertNoAnthropicKeys(String name, String path, JsonNode node, boolean argumentNames) {
        if (node.isObject()) {
            boolean schema = path.matches("\\$\\.tools\\[\\d+]\\.function\\.parameters.*");
            node.properties().forEach(e -> {
                if (!argumentNames) {
                    assertThat(ANTHROPIC_ONLY_KEYS).as("%s: Anthropic-only key at %s.%s", name, path, e.getKey())
                            .doesNotContain(e.getKey());
                }
                assertNoAnthropicKeys(name, path + "." + e.getKey(), e.getValue(),
                        schema && !argumentNames && e.getKey().equals("properties"));
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertNoAnthropicKeys(name, path + "[" + i + "]", node.get(i), false);
            }
        }
    }
}
