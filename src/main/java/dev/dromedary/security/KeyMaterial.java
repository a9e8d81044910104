package dev.dromedary.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Client keys: {@code sk-dmd-} and 256 random bits in base62; stored only as a SHA-256 digest. */
public final class KeyMaterial {

    public static final String PREFIX = "sk-dmd-";
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    /** 43 base62 digits hold 256 bits (62^43 > 2^256). */
    private static final int DIGITS = 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterial() {
    }

    public static String newKey() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        java.math.BigInteger n = new java.math.BigInteger(1, bits);
        java.math.BigInteger base = java.math.BigInteger.valueOf(62);
        char[] out = new char[DIGITS];
        for (int i = DIGITS - 1; i >= 0; i--) {
            java.math.BigInteger[] qr = n.divideAndRemainder(base);
            out[i] = BASE62[qr[1].intValue()];
            n = qr[0];
        }
        return PREFIX + new String(out);
    }

    /** What lists show of a key: enough to tell keys apart, far too little to use one. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(key.length(), PREFIX.length() + 4)) + "…";
    }

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
