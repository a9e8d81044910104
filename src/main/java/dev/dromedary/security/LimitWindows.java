package dev.dromedary.security;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The windows key limits are counted in: UTC minutes and UTC days, named by their start. */
final class LimitWindows {

    static final String MINUTE = "minute";
    static final String DAY = "day";
    static final long MINUTE_MILLIS = 60_000;
    static final long DAY_MILLIS = 86_400_000;

    private LimitWindows() {
    }

    static long minuteStart(long epochMillis) {
        return epochMillis - Math.floorMod(epochMillis, MINUTE_MILLIS);
    }

    static long dayStart(long epochMillis) {
        return epochMillis - Math.floorMod(epochMillis, DAY_MILLIS);
    }

    static OffsetDateTime utc(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC);
    }
}
