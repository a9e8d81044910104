package dev.dromedary.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dromedary.api.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The invariant check itself catches what it is meant to catch (and lets tool argument names through). */
class OpenAiRequestInvariantsTest {

    @Test
    void leakedAnthropicKeyDeepInsideIsCaught() {
        assertThatThrownBy(() -> OpenAiRequestInvariants.check("t", json("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"x","cache_control":{"type":"ephemeral"}}]}]}
                """))).isInstanceOf(AssertionError.class).hasMessageContaining("cache_control");
    }

    @Test
    void toolMessageAfterUserTextIsCaught() {
        assertThatThrownBy(() -> OpenAiRequestInvariants.check("t", json("""
                {"messages":[{"role":"user","content":"go"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                 {"role":"user","content":"and then"},
                 {"role":"tool","tool_call_id":"c1","content":"ok"}]}
                """))).isInstanceOf(AssertionError.class).hasMessageContaining("tool_call_id");
    }

    @Test
    void unknownRoleIsCaught() {
        assertThatThrownBy(() -> OpenAiRequestInvariants.check("t", json("""
                {"messages":[{"role":"developer","content":"x"}]}
                """))).isInstanceOf(AssertionError.class).hasMessageContaining("role");
    }

    @Test
    void toolArgumentNamedMetadataIsNotAnApiKey() {
        assertThatCode(() -> OpenAiRequestInvariants.check("t", json("""
                {"messages":[{"role":"user","content":"x"}],
                 "tools":[{"type":"function","function":{"name":"TaskCreate","parameters":
                   {"type":"object","properties":{"metadata":{"type":"object"}}}}}]}
                """))).doesNotThrowAnyException();
        assertThatThrownBy(() -> OpenAiRequestInvariants.check("t", json("""
                {"messages":[{"role":"user","content":"x"}],
                 "tools":[{"type":"function","function":{"name":"T","parameters":{"type":"object","cache_control":{}}}}]}
                """))).isInstanceOf(AssertionError.class).hasMessageContaining("cache_control");
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
