package dev.dromedary.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void requestIdsSortByTheirTime() {
        List<String> ids = new ArrayList<>();
        for (long t : new long[] {0, 1, 61, 62, 3843, 3844, 1_700_000_000_000L, 1_700_000_000_001L,
                1_764_000_000_000L, 4_102_444_800_000L}) {
            ids.add(Ids.requestId(t));
        }
        assertThat(ids).isSorted();
        assertThat(ids).allSatisfy(id -> assertThat(id).matches("req_[0-9A-Za-z]{24}"));
        assertThat(Ids.requestId(0)).startsWith("req_00000000");
        assertThat(Ids.requestId(62)).startsWith("req_00000010");
    }

    @Test
    void requestIdsOfOneMillisecondDifferInTheirRandomPart() {
        HashSet<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.requestId(1_764_000_000_000L));
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void theClockGivesLaterIdsALargerPrefix() {
        String before = Ids.requestId(System.currentTimeMillis() - 1);
        String now = Ids.requestId();
        assertThat(now.substring(0, 12)).isGreaterThanOrEqualTo(before.substring(0, 12));
    }
}
