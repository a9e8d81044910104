package dev.dromedary.api.openai;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Token usage. Cached prompt tokens arrive as {@code prompt_tokens_details.cached_tokens} (OpenAI, most
 * providers) or {@code prompt_cache_hit_tokens} (DeepSeek).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChatUsage(Integer promptTokens, Integer completionTokens, PromptTokensDetails promptTokensDetails,
                        Integer promptCacheHitTokens) {

    public int prompt() {
        return promptTokens == null ? 0 : promptTokens;
    }

    public int completion() {
        return completionTokens == null ? 0 : completionTokens;
    }

    public int cached() {
        if (promptTokensDetails != null && promptTokensDetails.cachedTokens() != null) {
            return promptTokensDetails.cachedTokens();
        }
        return promptCacheHitTokens == null ? 0 : promptCacheHitTokens;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PromptTokensDetails(Integer cachedTokens) {
    }
}
