package dev.dromedary.processor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdmitStreamTest {

    @Test
    void defaultCapFollowsTheHeap() {
        long mb = 1024L * 1024;
        assertThat(AdmitStream.defaultMax(256 * mb)).isEqualTo(4915);
        assertThat(AdmitStream.defaultMax(512 * mb)).isEqualTo(11468);
        assertThat(AdmitStream.defaultMax(64 * mb)).as("never below a small floor").isEqualTo(16);
    }
}
