package dev.dromedary.convert;

/**
 * What a provider accepts beyond the common Chat Completions subset; every switch defaults to the strictest
 * (most widely accepted) behaviour.
 *
 * @param provider                name used in error messages
 * @param maxTokensLimit          clamp for {@code max_tokens}, null for none
 * @param reasoningEffort         map {@code thinking} to {@code reasoning_effort}
 * @param reasoningContentHistory send earlier thinking back as {@code reasoning_content} (DeepSeek-style)
 * @param pdfInput                send PDF documents as {@code file} parts
 * @param systemInPlace           keep {@code role:"system"} messages where they stand instead of merging them
 *                                into the leading system message
 * @param maxCompletionTokens     write {@code max_completion_tokens} instead of {@code max_tokens}
 */
public record ConversionOptions(String provider, Integer maxTokensLimit, boolean reasoningEffort,
                                boolean reasoningContentHistory, boolean pdfInput, boolean systemInPlace,
                                boolean maxCompletionTokens) {

    public static ConversionOptions defaults(String provider) {
        return new ConversionOptions(provider, null, false, false, false, false, false);
    }
}
