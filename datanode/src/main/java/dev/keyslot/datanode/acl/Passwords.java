package dev.keyslot.datanode.acl;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Passwords are kept only as SHA-256 hex digests, as Redis keeps them. */
public final class Passwords {
    private static final int HASH_LENGTH = 64;

    private Passwords() {
    }

    public static String hash(byte[] cleartext) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cleartext));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    /** Exactly 64 lowercase hexadecimal characters. */
    static boolean isValidHash(String hash) {
        if (hash.length() != HASH_LENGTH) {
            return false;
        }
        for (int i = 0; i < HASH_LENGTH; i++) {
            char c = hash.charAt(i);
            if ((c < 'a' || c > 'f') && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** Compares two digests in time independent of where they differ. */
    static boolean sameDigest(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                b.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
