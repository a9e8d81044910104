package dev.dromedary.security;

/**
 * What a key has used in the windows its limits look at.
 *
 * @param requestsThisMinute requests that arrived this minute, the one being admitted included
 * @param tokensThisMinute   input + output tokens of requests that finished this minute
 * @param tokensToday        input + output tokens of requests that finished this UTC day
 */
record WindowCounts(long requestsThisMinute, long tokensThisMinute, long tokensToday) {

    /** Each figure the larger of the two: both are lower bounds of what the key really used. */
    WindowCounts max(WindowCounts other) {
        return new WindowCounts(Math.max(requestsThisMinute, other.requestsThisMinute),
                Math.max(tokensThisMinute, other.tokensThisMinute), Math.max(tokensToday, other.tokensToday));
    }
}
