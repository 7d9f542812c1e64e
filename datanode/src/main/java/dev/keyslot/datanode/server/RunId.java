package dev.keyslot.datanode.server;

import java.security.SecureRandom;

/** 40 random hex characters, like Redis's run_id and replication ids. */
public final class RunId {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RunId() {
    }

    public static String generate() {
        char[] id = new char[40];
        for (int i = 0; i < id.length; i++) {
            id[i] = HEX[RANDOM.nextInt(16)];
        }
        return new String(id);
    }
}
