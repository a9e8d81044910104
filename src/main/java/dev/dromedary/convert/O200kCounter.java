package dev.dromedary.convert;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.PriorityQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts o200k_base tokens with jtokkit's vocabulary file and split pattern, in about 4 MB of heap. jtokkit's own
 * encoder keeps the 200k tokens in two hash maps of boxed keys and values, 30 MB that stay live for the life of the
 * process (a fifth of the live heap at 2000 open streams, bench/RESULTS.md). Here the tokens are one byte array with
 * offsets and an open-addressing table of ranks; the byte-pair merge is tiktoken's. A test compares every count
 * with jtokkit's.
 */
final class O200kCounter {

    static final String VOCABULARY = "/com/knuddels/jtokkit/o200k_base.tiktoken";
    /** o200k_base's pre-tokenizer, as jtokkit compiles it (UNICODE_CHARACTER_CLASS, case-sensitive). */
    static final Pattern SPLIT = Pattern.compile(String.join("|",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
                    + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*"
                    + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "\\p{N}{1,3}",
            " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
            "\\s*[\\r\\n]+",
            "\\s+(?!\\S)",
            "\\s+"), Pattern.UNICODE_CHARACTER_CLASS);
    private static final int NONE = Integer.MAX_VALUE;
    /** Pieces longer than this merge through a heap rather than by rescanning (quadratic in the length). */
    private static final int LARGE_PIECE = 256;

    /** Token {@code r} is {@code bytes[start[r] .. start[r + 1])}. */
    private final byte[] bytes;
    private final int[] start;
    /** Rank + 1 of the token hashed to each slot, 0 for an empty slot. */
    private final int[] slots;
    private final int mask;

    private O200kCounter(byte[] bytes, int[] start, int[] slots) {
        this.bytes = bytes;
        this.start = start;
        this.slots = slots;
        this.mask = slots.length - 1;
    }

    static O200kCounter load() {
        try (InputStream in = O200kCounter.class.getResourceAsStream(VOCABULARY)) {
            if (in == null) {
                throw new IllegalStateException(VOCABULARY + " is missing from the class path (jtokkit)");
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static O200kCounter read(BufferedReader lines) throws IOException {
        byte[][] tokens = new byte[210_000][];
        int count = 0;
        int size = 0;
        for (String line; (line = lines.readLine()) != null; ) {
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            int rank = Integer.parseInt(line, space + 1, line.length(), 10);
            if (rank >= tokens.length) {
                tokens = Arrays.copyOf(tokens, rank * 2);
            }
            tokens[rank] = Base64.getDecoder().decode(line.substring(0, space));
            size += tokens[rank].length;
            count = Math.max(count, rank + 1);
        }
        byte[] bytes = new byte[size];
        int[] start = new int[count + 1];
        int[] slots = new int[Integer.highestOneBit(count * 2) << 1];
        int at = 0;
        for (int r = 0; r < count; r++) {
            start[r] = at;
            byte[] t = tokens[r];
            if (t != null) {
                System.arraycopy(t, 0, bytes, at, t.length);
                int slot = hash(t, 0, t.length) & (slots.length - 1);
                while (slots[slot] != 0) {
                    slot = (slot + 1) & (slots.length - 1);
                }
                slots[slot] = r + 1;
                at += t.length;
            }
        }
        start[count] = at;
        return new O200kCounter(bytes, start, slots);
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    /** The rank of {@code piece[from..to)} as one token, or {@link #NONE}. */
    int rank(byte[] piece, int from, int to) {
        for (int slot = hash(piece, from, to) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            int r = slots[slot] - 1;
            if (Arrays.equals(bytes, start[r], start[r + 1], piece, from, to)) {
                return r;
            }
        }
        return NONE;
    }

    int count(String text) {
        int total = 0;
        Matcher m = SPLIT.matcher(text);
        while (m.find()) {
            byte[] piece = m.group().getBytes(StandardCharsets.UTF_8);
            total += rank(piece, 0, piece.length) != NONE ? 1
                    : piece.length > LARGE_PIECE ? mergeLarge(piece) : merge(piece);
        }
        return total;
    }

    /** tiktoken's byte-pair merge: merge the adjacent pair of lowest rank (leftmost on a tie) until none is a token. */
    private int merge(byte[] piece) {
        int parts = piece.length + 1;
        int[] pos = new int[parts];
        int[] ranks = new int[parts];
        for (int i = 0; i < parts; i++) {
            pos[i] = i;
            ranks[i] = i + 2 <= piece.length ? rank(piece, i, i + 2) : NONE;
        }
        while (true) {
            int min = NONE;
            int at = -1;
            for (int i = 0; i < parts - 1; i++) {
                if (ranks[i] < min) {
                    min = ranks[i];
                    at = i;
                }
            }
            if (at < 0) {
                return parts - 1;
            }
            if (at > 0) {
                ranks[at - 1] = at + 2 < parts ? rank(piece, pos[at - 1], pos[at + 2]) : NONE;
            }
            ranks[at] = at + 3 < parts ? rank(piece, pos[at], pos[at + 3]) : NONE;
            System.arraycopy(pos, at + 2, pos, at + 1, parts - at - 2);
            System.arraycopy(ranks, at + 2, ranks, at + 1, parts - at - 2);
            parts--;
        }
    }

    /** The same merge for long pieces: parts in a linked list, candidate pairs in a heap ordered by rank, then position. */
    private int mergeLarge(byte[] piece) {
        int n = piece.length;
        int[] next = new int[n + 1];
        int[] prev = new int[n + 1];
        int[] ranks = new int[n + 1];
        PriorityQueue<long[]> heap = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[1], b[1]));
        for (int i = 0; i <= n; i++) {
            next[i] = i + 1;
            prev[i] = i - 1;
            ranks[i] = i + 2 <= n ? rank(piece, i, i + 2) : NONE;
            if (ranks[i] != NONE) {
                heap.add(new long[] {ranks[i], i});
            }
        }
        int parts = n;
        while (!heap.isEmpty()) {
            long[] top = heap.poll();
            int i = (int) top[1];
            if (ranks[i] != top[0]) {
                continue; // stale: this part was merged or its pair changed since
            }
            int j = next[i];
            next[i] = next[j];
            if (next[j] <= n) {
                prev[next[j]] = i;
            }
            ranks[j] = NONE;
            parts--;
            ranks[i] = pairRank(piece, i, next, n);
            if (ranks[i] != NONE) {
                heap.add(new long[] {ranks[i], i});
            }
            if (prev[i] >= 0) {
                int p = prev[i];
                ranks[p] = pairRank(piece, p, next, n);
                if (ranks[p] != NONE) {
                    heap.add(new long[] {ranks[p], p});
                }
            }
        }
        return parts;
    }

    /** The rank of the part starting at {@code i} merged with the one after it. */
    private int pairRank(byte[] piece, int i, int[] next, int n) {
        int j = next[i];
        if (j >= n) {
            return NONE;
        }
        return rank(piece, i, next[j] <= n ? next[j] : n);
    }
}
