package dev.dromedary.usage;

/**
 * Counts, tokens and latency percentiles of a set of requests (all of them, or one provider's). Percentiles are
 * in milliseconds, null when no request had the figure (time to first token exists only for streams).
 *
 * @param provider null for the overall figures, and for the requests that failed before any provider was tried
 * @param errors   requests answered with an error status, or that ended in an error event mid-stream
 */
public record RequestFigures(String provider, long requests, long errors, long inputTokens, long outputTokens,
                             long cacheReadTokens, Double durationP50, Double durationP95, Double ttftP50,
                             Double ttftP95) {
}
