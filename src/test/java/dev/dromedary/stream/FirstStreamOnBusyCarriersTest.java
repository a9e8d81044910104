package dev.dromedary.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.dromedary.api.Json;
import dev.dromedary.convert.StreamTranslator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first stream of a bridge must not be able to stop it. A virtual thread blocked inside a class initializer keeps
 * its carrier; a first stream whose translation set up its chunk reader there waited for Jackson's deserializer lock
 * while another request, unmounted, held it, and with no carrier left for that request the bridge stopped (seen in
 * a benchmark's training run on two cores). Reproduced here in a JVM of its own with one carrier thread.
 */
class FirstStreamOnBusyCarriersTest {

    @Test
    void aFirstStreamWaitingForJacksonsLockWhileAnotherRequestHoldsItFinishes() throws Exception {
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true).start();
        boolean ended = probe.waitFor(60, TimeUnit.SECONDS);
        String output = ended ? new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        probe.destroyForcibly();

        assertThat(ended).as("the probe ended (it hangs when the carrier is held)").isTrue();
        assertThat(output).contains("stream translated: true");
        assertThat(probe.exitValue()).isZero();
    }

    /** Runs in the forked JVM. */
    public static final class Probe {
        static final CountDownLatch HOLDING_THE_LOCK = new CountDownLatch(1);

        public static void main(String[] args) throws Exception {
            // another request: Jackson makes a deserializer, under its lock, and that request is unmounted meanwhile
            Thread other = Thread.ofVirtual().start(() -> Json.readerFor(Held.class).get());
            HOLDING_THE_LOCK.await();
            AtomicBoolean translated = new AtomicBoolean();
            Thread first = Thread.ofVirtual().start(() -> {
                String sse = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},"
                        + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
                StreamTranslator t = new StreamTranslator(e -> { }, "msg_probe", "m", 1, List.of(), String::length);
                translated.set(UpstreamStream.translate(
                        new ByteArrayInputStream(sse.getBytes(StandardCharsets.UTF_8)), t, "probe"));
            });
            other.join();
            first.join();
            System.out.println("stream translated: " + translated.get());
        }
    }

    @JsonDeserialize(using = HeldDeserializer.class)
    public record Held(String value) {
    }

    /** Jackson makes it under its deserializer lock; it parks there for a while, unmounting its virtual thread. */
    public static final class HeldDeserializer extends JsonDeserializer<Held> {
        public HeldDeserializer() {
            Probe.HOLDING_THE_LOCK.countDown();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }

        @Override
        public Held deserialize(JsonParser p, DeserializationContext ctxt) {
            return new Held("");
        }
    }
}
