package dev.dromedary.usage;

import dev.dromedary.api.Json;
import dev.dromedary.config.DromedaryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records the database could not take (it is down, slow, or the queue in front of it is full) go to an
 * append-only file of JSON lines (a failed batch is forced to the disk before the writer moves on) and are written
 * to the database when it takes them again.
 * Replay is safe to repeat: inserts skip request ids already stored.
 */
@Component("usageSpool")
public class UsageSpool {

    private static final Logger LOG = LoggerFactory.getLogger(UsageSpool.class);
    private static final Json.LazyReader READER = Json.readerFor(RequestRecord.class);

    private final Path spool;
    /** The spool being replayed: renamed away so that appends carry on in a fresh file meanwhile. */
    private final Path replaying;
    /** Records on disk, kept as a count so that a metrics scrape does not read the files. */
    private final java.util.concurrent.atomic.AtomicLong spooled = new java.util.concurrent.atomic.AtomicLong();
    /** Records spooled because the queue was full, logged by the replay rather than once each. */
    private final java.util.concurrent.atomic.AtomicLong overflowed = new java.util.concurrent.atomic.AtomicLong();

    public UsageSpool(DromedaryProperties props) {
        Path dir = Path.of(props.usage().spoolDir());
        this.spool = dir.resolve("usage-spool.jsonl");
        this.replaying = dir.resolve("usage-spool.replaying.jsonl");
        spooled.set(pending());
    }

    /** Records on disk waiting for the database. */
    public long spooled() {
        return spooled.get();
    }

    /**
     * Spools one record the full queue did not take, on the request's thread: written to the file (it survives the
     * process) but not forced to the disk, which would cost every request a disk flush while the database is slow.
     */
    public void appendOne(RequestRecord record) {
        write(List.of(record), false);
        overflowed.incrementAndGet();
    }

    /** Appends a batch the database did not take; it is on the disk when this returns. */
    public void append(List<RequestRecord> records) {
        write(records, true);
    }

    private synchronized void write(List<RequestRecord> records, boolean force) {
        if (records.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(spool.getParent());
            StringBuilder lines = new StringBuilder();
            for (RequestRecord r : records) {
                lines.append(Json.MAPPER.writeValueAsString(r)).append('\n');
            }
            try (var ch = java.nio.channels.FileChannel.open(spool, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (force) {
                    ch.force(false);
                }
            }
            spooled.addAndGet(records.size());
            if (force) {
                LOG.warn("{} usage record(s) spooled to {} until the database takes them", records.size(), spool);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool usage records to " + spool, e);
        }
    }

    /** Records spooled and not yet replayed. */
    public synchronized long pending() {
        return lines(spool) + lines(replaying);
    }

    /**
     * Hands every spooled record to {@code writer} in batches; the spool is cleared only when every batch was
     * taken. A failing batch stops the replay, to be tried again later.
     *
     * @return how many records were replayed
     */
    public long replay(int batchSize, Consumer<List<RequestRecord>> writer) throws IOException {
        long full = overflowed.getAndSet(0);
        if (full > 0) {
            LOG.warn("{} usage record(s) spooled because the queue was full: the database is slower than the traffic",
                    full);
        }
        synchronized (this) {
            if (!Files.exists(replaying)) {
                if (!Files.exists(spool)) {
                    return 0;
                }
                Files.move(spool, replaying, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        long done = 0;
        try (BufferedReader in = Files.newBufferedReader(replaying, StandardCharsets.UTF_8)) {
            List<RequestRecord> batch = new ArrayList<>(batchSize);
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                batch.add(READER.get().readValue(line));
                if (batch.size() == batchSize) {
                    writer.accept(batch);
                    done += batch.size();
                    batch = new ArrayList<>(batchSize);
                }
            }
            writer.accept(batch);
            done += batch.size();
        }
        Files.delete(replaying);
        spooled.addAndGet(-done);
        LOG.info("{} spooled usage record(s) written to the database", done);
        return done;
    }

    private static long lines(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
