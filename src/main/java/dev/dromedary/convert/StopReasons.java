package dev.dromedary.convert;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;

/** OpenAI {@code finish_reason} → Anthropic {@code stop_reason} (and the matched stop sequence). */
public final class StopReasons {

    private static final Set<String> ANTHROPIC = Set.of("end_turn", "max_tokens", "stop_sequence", "tool_use",
            "pause_turn", "refusal", "model_context_window_exceeded");

    private StopReasons() {
    }

    public record Stop(String reason, String sequence) {
    }

    /**
     * @param matched      vLLM/SGLang report the stop string that ended generation here; other providers do not,
     *                     so their stop-sequence ends read as {@code end_turn}
     * @param usedTools    a provider that ends a tool-calling turn with {@code stop} still means {@code tool_use}
     */
    public static Stop map(String finishReason, JsonNode matched, List<String> stopSequences, boolean usedTools) {
        if (finishReason == null) {
            return new Stop(usedTools ? "tool_use" : "end_turn", null);
        }
        return switch (finishReason) {
            case "length" -> new Stop("max_tokens", null);
            case "tool_calls", "function_call" -> new Stop("tool_use", null);
            case "content_filter" -> new Stop("refusal", null);
            case "stop" -> {
                if (matched != null && matched.isTextual() && stopSequences.contains(matched.asText())) {
                    yield new Stop("stop_sequence", matched.asText());
                }
                yield new Stop(usedTools ? "tool_use" : "end_turn", null);
            }
            default -> ANTHROPIC.contains(finishReason) ? new Stop(finishReason, null)
                    : new Stop(usedTools ? "tool_use" : "end_turn", null);
        };
    }
}
