package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * As on redis-server 7.0, a replica's client-output-buffer-limit hard limit below repl-backlog-size counts as
 * that size (the replica could resync partially anyway): a replica that does not read stays connected while
 * its pending output fits the backlog, and is dropped once it outgrows both.
 */
class ReplicaOutputLimitDifferentialTest {
    private static final int VALUE_BYTES = 1024 * 1024;
    private static final int WRITES = 12;
    private static final long SETTLE_MILLIS = 5_000;

    @RegisterExtension
    static final Differential diff = Differential.perClass("--repl-diskless-sync-delay", "0",
            "--client-output-buffer-limit", "replica 512kb 0 0");

    @Test
    void aHardLimitBelowTheBacklogSizeCountsAsTheBacklogSize() {
        diff.check("CONFIG", "SET", "repl-backlog-size", "100mb");
        assertThat(connectedReplicasAfterWrites(true)).as("redis-server").isEqualTo(1);
        assertThat(connectedReplicasAfterWrites(false)).as("data node").isEqualTo(1);
    }

    @Test
    void theHardLimitAppliesWhenAboveTheBacklogSize() {
        diff.check("CONFIG", "SET", "repl-backlog-size", "1mb");
        assertThat(connectedReplicasAfterWrites(true)).as("redis-server").isZero();
        assertThat(connectedReplicasAfterWrites(false)).as("data node").isZero();
    }

    /** A replica that never reads while the master writes well beyond the limit: is it still connected? */
    private static int connectedReplicasAfterWrites(boolean redis) {
        String value = "x".repeat(VALUE_BYTES);
        try (RawConnection replica = diff.newConnection(redis); RawConnection master = diff.newConnection(redis)) {
            replica.send(RawConnection.encode("PSYNC", "?", "-1"));
            awaitReplicas(master, 1);
            for (int i = 0; i < WRITES; i++) {
                assertThat(master.callString("SET", "key", value)).isEqualTo("+OK\r\n");
            }
            long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
            int connected = connectedReplicas(master);
            while (connected > 0 && System.currentTimeMillis() < deadline) {
                sleep();
                connected = connectedReplicas(master);
            }
            return connected;
        }
    }

    private static void awaitReplicas(RawConnection master, int count) {
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        while (connectedReplicas(master) != count) {
            assertThat(System.currentTimeMillis()).as("replica attached in time").isLessThan(deadline);
            sleep();
        }
    }

    private static int connectedReplicas(RawConnection c) {
        for (String line : c.callString("INFO", "replication").split("\r\n")) {
            if (line.startsWith("connected_slaves:")) {
                return Integer.parseInt(line.substring("connected_slaves:".length()));
            }
        }
        throw new AssertionError("connected_slaves missing");
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
