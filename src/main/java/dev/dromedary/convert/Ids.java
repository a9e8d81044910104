package dev.dromedary.convert;

import java.util.concurrent.ThreadLocalRandom;

/** Anthropic-style identifiers. Not secrets, so a fast non-cryptographic source is enough. */
public final class Ids {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

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

    public static String requestId() {
        return random("req_", 24);
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
