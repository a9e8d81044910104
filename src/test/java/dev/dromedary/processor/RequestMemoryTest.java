package dev.dromedary.processor;

import dev.dromedary.config.DromedaryProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestMemoryTest {

    private static RequestMemory budgetOf(long bytes) {
        return new RequestMemory(new DromedaryProperties(null, null, null, null, null, null, null, null, null, 0,
                bytes, null, null, null, null));
    }

    @Test
    void defaultIsAnEighthOfTheHeapAboveTheBase() {
        assertThat(RequestMemory.defaultBudget(160L << 20)).isEqualTo(12L << 20);
        assertThat(RequestMemory.defaultBudget(1L << 30)).isEqualTo((1024L - 64) << 17);
        assertThat(RequestMemory.defaultBudget(64L << 20)).as("never below 1 MB").isEqualTo(1L << 20);
    }

    @Test
    void reservationsFitTheBudgetAndAreGivenBackOnce() {
        RequestMemory memory = budgetOf(1000);
        RequestMemory.Reservation a = memory.tryReserve(600);
        assertThat(a).isNotNull();
        assertThat(memory.tryReserve(500)).as("600 + 500 > 1000").isNull();
        RequestMemory.Reservation b = memory.tryReserve(400);
        assertThat(b).isNotNull();
        assertThat(memory.held()).isEqualTo(1000);

        a.release();
        a.release();
        assertThat(memory.held()).as("a second release gives nothing back twice").isEqualTo(400);
        b.release();
        assertThat(memory.held()).isZero();
    }

    @Test
    void aReservationGrowsWhileItFitsAndNotOnceReleased() {
        RequestMemory memory = budgetOf(1000);
        RequestMemory.Reservation r = memory.tryReserve(0);
        assertThat(r.grow(700)).isTrue();
        assertThat(r.grow(400)).isFalse();
        assertThat(memory.held()).isEqualTo(700);
        r.release();
        assertThat(memory.held()).isZero();
        assertThat(r.grow(10)).isFalse();
        assertThat(memory.held()).isZero();
    }
}
