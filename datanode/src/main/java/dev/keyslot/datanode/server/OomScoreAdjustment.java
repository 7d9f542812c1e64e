package dev.keyslot.datanode.server;

import dev.keyslot.datanode.config.ConfigException;
import dev.keyslot.datanode.config.ServerConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * oom-score-adj and oom-score-adj-values, as Redis's setOOMScoreAdj: the process's Linux OOM score is set to
 * the value of its class (master or replica), relative to the score it had before the server first adjusted
 * it or absolute, and given back that original score when adjusting is turned off. So the kernel's OOM killer
 * picks a replica before a master on a shared host.
 */
final class OomScoreAdjustment {
    private static final Path SCORE = Path.of("/proc/self/oom_score_adj");
    private static final int LIMIT = 1000;

    private final Server server;
    /** The score before the first adjustment; null while the server has not changed it. */
    private Integer original;

    OomScoreAdjustment(Server server) {
        this.server = server;
    }

    /** Registers with CONFIG SET: a value the kernel refuses fails the CONFIG SET and is rolled back. */
    void install() {
        // One applier for both, so a CONFIG SET of the two adjusts once, with both new values.
        ServerConfig.Applier applier = value -> apply();
        server.config().onApply("oom-score-adj", applier);
        server.config().onApply("oom-score-adj-values", applier);
    }

    /** Brings the score in line with the configuration and the current role; at startup and on a role change. */
    void applyQuietly() {
        try {
            apply();
        } catch (ConfigException e) {
            // Logged by apply; Redis keeps running with the score it has.
        }
    }

    private void apply() throws ConfigException {
        String mode = server.config().proposed("oom-score-adj");
        int score;
        if (!mode.equals("no")) {
            if (original == null) {
                original = read();
            }
            String[] values = server.config().proposed("oom-score-adj-values").split(" ");
            score = Integer.parseInt(values[server.replication().isReplica() ? 1 : 0]);
            if (!mode.equals("absolute")) {
                score += original;
            }
            score = Math.max(-LIMIT, Math.min(LIMIT, score));
        } else if (original != null) {
            score = original;
            original = null;
        } else {
            return;
        }
        write(score);
    }

    private int read() throws ConfigException {
        try {
            return Integer.parseInt(Files.readString(SCORE, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            server.log().warning("Unable to read oom_score_adj: " + reason(e));
            throw failure();
        }
    }

    private void write(int score) throws ConfigException {
        try {
            Files.writeString(SCORE, score + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            server.log().warning("Unable to write oom_score_adj: " + reason(e));
            throw failure();
        }
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static ConfigException failure() {
        return new ConfigException("Failed to set current oom_score_adj. Check server logs.");
    }
}
