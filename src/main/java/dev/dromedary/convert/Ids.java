package dev.dromedary.convert;

import java.util.concurrent.ThreadLocalRandom;

/** Anthropic-style identifiers. Not secrets, so a fast non-cryptographic source is enough. */
public final class Ids {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /** 62^8 ms is about 6900 years, so 8 digits never wrap. */
    private static final int TIME_DIGITS = 8;
    private static final long[] POWERS = new long[TIME_DIGITS];

    static {
        POWERS[0] = 1;
        for (int i = 1; i < TIME_DIGITS; i++) {
            POWERS[i] = POWERS[i - 1] * ALPHABET.length;
        }
    }

    private Ids() {
    }

    public static String random(String prefix, int length) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(prefix.length() + length).append(prefix);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET[rnd.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    /**
     * {@code req_}, the time in milliseconds as 8 base-62 digits, then 16 random ones: ids sort by time. The usage
     * table's key is this id, and random keys would make every insert rewrite a random page of its index (H2 keeps
     * each rewritten page until its next store, PostgreSQL writes each whole to its log); sorted ids append.
     */
    public static String requestId() {
        return requestId(System.currentTimeMillis());
    }

    static String requestId(long epochMillis) {
        StringBuilder sb = new StringBuilder(4 + TIME_DIGITS + 16).append("req_");
        for (int shift = TIME_DIGITS - 1; shift >= 0; shift--) {
            sb.append(ALPHABET[(int) (epochMillis / POWERS[shift] % ALPHABET.length)]);
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < 16; i++) {
            sb.append(ALPHABET[rnd.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    public static String toolUseId() {
        return random("toolu_", 24);
    }

    /** {@code msg_} plus the upstream id's letters and digits (its {@code chatcmpl-} prefix dropped), or random. */
    public static String messageId(String upstreamId) {
        if (upstreamId != null) {
            String id = upstreamId.startsWith("chatcmpl-") ? upstreamId.substring(9) : upstreamId;
            StringBuilder sb = new StringBuilder("msg_");
            for (int i = 0; i < id.length() && sb.length() < 64; i++) {
                char c = id.charAt(i);
                if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                    sb.append(c);
                }
            }
            if (sb.length() > 8) {
                return sb.toString();
            }
        }
        return random("msg_", 24);
    }
}
