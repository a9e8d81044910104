package dev.dromedary.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Limit windows of this replica alone: the {@code memory} store, and the fallback while the database is away. */
final class MemoryLimitWindows {

    /** A counter that starts over when its window changes. */
    private static final class Window {
        private long start = -1;
        private long count;

        synchronized long add(long windowStart, long n) {
            if (windowStart < start) {
                return 0; // late news of a window that is over: no limit looks at it any more
            }
            if (windowStart != start) {
                start = windowStart;
                count = 0;
            }
            count += n;
            return count;
        }

        synchronized long get(long windowStart) {
            return windowStart == start ? count : 0;
        }
    }

    private record Counters(Window requests, Window tokensMinute, Window tokensDay) {
        Counters() {
            this(new Window(), new Window(), new Window());
        }
    }

    private final Map<String, Counters> byKey = new ConcurrentHashMap<>();

    WindowCounts countRequest(String keyId, long nowMillis) {
        Counters c = byKey.computeIfAbsent(keyId, k -> new Counters());
        long minute = LimitWindows.minuteStart(nowMillis);
        return new WindowCounts(c.requests().add(minute, 1), c.tokensMinute().get(minute),
                c.tokensDay().get(LimitWindows.dayStart(nowMillis)));
    }

    void addTokens(String keyId, long finishedAtMillis, long tokens) {
        Counters c = byKey.computeIfAbsent(keyId, k -> new Counters());
        c.tokensMinute().add(LimitWindows.minuteStart(finishedAtMillis), tokens);
        c.tokensDay().add(LimitWindows.dayStart(finishedAtMillis), tokens);
    }
}
