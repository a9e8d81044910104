package dev.dromedary.web;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class UnreadBodyTest {

    @Test
    void aBodyFarLargerThanAnyByteCapIsDroppedToItsEnd() {
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[5_000_000]);

        assertThat(UnreadBody.drop(body)).isEqualTo(5_000_000);
        assertThat(body.available()).isZero();
    }

    @Test
    void aClientStillSendingAfterTheLingerIsCutOff() {
        AtomicLong now = new AtomicLong();
        // every read takes a second of the fake clock and the body never ends
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                now.addAndGet(Duration.ofSeconds(1).toNanos());
                return 100;
            }
        };

        assertThat(UnreadBody.drop(endless, Duration.ofSeconds(10), now::get)).isEqualTo(1000);
    }

    @Test
    void aStreamThatRefusesMoreEndsTheDrop() {
        InputStream refusing = new InputStream() {
            private int reads;

            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (++reads > 3) {
                    throw new IOException("past the limit");
                }
                return 10;
            }
        };

        assertThat(UnreadBody.drop(refusing)).isEqualTo(30);
    }
}
