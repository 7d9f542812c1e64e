package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.util.GlobMatcher;

import java.util.concurrent.ThreadLocalRandom;

/**
 * DEBUG STRINGMATCH-TEST: random patterns against random strings, as Redis's stringmatchlen fuzz test does, to
 * show that no input makes the matcher fail. A failure surfaces as the command's error.
 */
final class GlobMatcherFuzz {
    private static final int ROUNDS = 1_000_000;
    private static final int MAX_LENGTH = 32;
    /** Mostly the bytes that mean something in a pattern, so that odd combinations of them come up often. */
    private static final byte[] ALPHABET = "*?[]^-\\abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private GlobMatcherFuzz() {
    }

    static void run() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ROUNDS; i++) {
            GlobMatcher.matches(randomBytes(random), randomBytes(random), random.nextBoolean());
        }
    }

    private static byte[] randomBytes(ThreadLocalRandom random) {
        byte[] b = new byte[random.nextInt(MAX_LENGTH + 1)];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return b;
    }
}
