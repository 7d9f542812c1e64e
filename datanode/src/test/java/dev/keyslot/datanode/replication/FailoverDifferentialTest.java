package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FAILOVER's replies compared byte for byte with redis-server 7.0: argument errors, the errors of each role
 * and state, and the write pause of a failover waiting for a replica that never catches up (a connection
 * that asked to sync and still waits for its snapshot), ended by ABORT or by TIMEOUT.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FailoverDifferentialTest {
    /** The stuck replica's diskless snapshot waits this long, so it stays in wait_bgsave for the whole test. */
    private static final String[] SLOW_SNAPSHOTS = {"--repl-diskless-sync-delay", "60"};
    private static final String STUCK_REPLICA_PORT = "7777";

    @Test
    void argumentErrorsAndRoleErrorsAreRedisOnes() {
        try (Differential diff = new Differential()) {
            diff.checkAll("FAILOVER", "FAILOVER ABORT", "FAILOVER abort", "FAILOVER ABORT ABORT",
                    "FAILOVER ABORT TIMEOUT 10", "FAILOVER TIMEOUT 10 ABORT", "FAILOVER TIMEOUT", "FAILOVER TIMEOUT 0",
                    "FAILOVER TIMEOUT -1", "FAILOVER TIMEOUT abc", "FAILOVER TIMEOUT 1.5",
                    "FAILOVER TIMEOUT 99999999999999999999", "FAILOVER TIMEOUT 10 TIMEOUT 20", "FAILOVER TO",
                    "FAILOVER TO h", "FAILOVER TO h p", "FAILOVER TO h 1 TO h 2", "FAILOVER TO h 99999999999",
                    "FAILOVER FORCE", "FAILOVER FORCE FORCE", "FAILOVER nope", "FAILOVER to h 1 force timeout 10",
                    "FAILOVER TIMEOUT 0 nope", "FAILOVER nope TIMEOUT 0", "PSYNC x 1 FAILOVER", "COMMAND INFO failover");
            // A replica (of a master that is not there) refuses FAILOVER, and PSYNC FAILOVER not on its history.
            diff.checkAll("REPLICAOF 127.0.0.1 1", "FAILOVER", "FAILOVER TO 127.0.0.1 1", "FAILOVER TIMEOUT 0",
                    "FAILOVER ABORT", "PSYNC 0123456789012345678901234567890123456789 1 FAILOVER",
                    "PSYNC x 1 failover", "REPLICAOF NO ONE");
        }
    }

    /** READONLY comes before the pause: a replica refuses a write at once rather than holding it. */
    @Test
    void aPausedReplicaRefusesWritesAtOnce() {
        try (Differential diff = new Differential()) {
            diff.checkAll("REPLICAOF 127.0.0.1 1", "CLIENT PAUSE 20000 WRITE", "SET k v", "GET k", "CLIENT UNPAUSE",
                    "REPLICAOF NO ONE");
        }
    }

    @Test
    void clusterModeRefusesFailover() {
        try (Differential diff = new Differential("--cluster-enabled", "yes")) {
            diff.checkAll("FAILOVER", "FAILOVER ABORT", "FAILOVER TIMEOUT 0", "FAILOVER nope");
        }
    }

    @Test
    void waitingForSyncPausesWritesUntilAbortOrTimeout() {
        try (Differential diff = new Differential(SLOW_SNAPSHOTS);
             RawConnection redisReplica = stuckReplica(diff.redis().host(), diff.redis().port());
             RawConnection nodeReplica = stuckReplica(diff.node().host(), diff.node().port());
             RawConnection redisWriter = new RawConnection(diff.redis().host(), diff.redis().port());
             RawConnection nodeWriter = new RawConnection(diff.node().host(), diff.node().port())) {
            Datasets.await("both masters see their replica", 10_000,
                    () -> "1".equals(Datasets.info(diff.redis().host(), diff.redis().port(), "connected_slaves"))
                            && "1".equals(Datasets.info(diff.node().host(), diff.node().port(), "connected_slaves")));
            assertThat(diff.check("FAILOVER", "TO", "127.0.0.1", STUCK_REPLICA_PORT))
                    .isEqualTo("-ERR FAILOVER target replica is not online.\r\n");
            diff.checkAll("FAILOVER TO 127.0.0.1 7778",
                    "FAILOVER TO localhost " + STUCK_REPLICA_PORT, "FAILOVER FORCE TIMEOUT 10",
                    "FAILOVER TO 127.0.0.1 " + STUCK_REPLICA_PORT + " FORCE", "FAILOVER ABORT",
                    // The replica acknowledged nothing of this write: the failover waits for it.
                    "SET k v");
            assertThat(failoverStates(diff)).containsOnly("no-failover");

            assertThat(diff.check("FAILOVER", "TIMEOUT", "60000")).isEqualTo("+OK\r\n");
            diff.checkAll("FAILOVER", "FAILOVER TO 127.0.0.1 1", "FAILOVER TIMEOUT 0",
                    "REPLICAOF 127.0.0.1 1", "REPLICAOF NO ONE", "PSYNC ? -1", "GET k");
            assertThat(failoverStates(diff)).containsOnly("waiting-for-sync");
            assertPausedThenAnswered(List.of(redisWriter, nodeWriter), () -> diff.check("FAILOVER", "ABORT"));
            assertThat(failoverStates(diff)).containsOnly("no-failover");
            diff.checkAll("FAILOVER ABORT", "GET k2");

            diff.check("FAILOVER", "TIMEOUT", "1500");
            assertThat(failoverStates(diff)).containsOnly("waiting-for-sync");
            assertPausedThenAnswered(List.of(redisWriter, nodeWriter), () -> Datasets.await("the timeout", 10_000,
                    () -> failoverStates(diff).equals(List.of("no-failover", "no-failover"))));
            diff.checkAll("FAILOVER ABORT", "GET k2");
        }
    }

    /** A connection that asked to sync and waits for its snapshot: a replica never online, acknowledging nothing. */
    private static RawConnection stuckReplica(String host, int port) {
        RawConnection c = new RawConnection(host, port);
        assertThat(c.callString("REPLCONF", "listening-port", STUCK_REPLICA_PORT)).isEqualTo("+OK\r\n");
        // Diskless-capable: its snapshot then waits for repl-diskless-sync-delay.
        assertThat(c.callString("REPLCONF", "capa", "eof", "capa", "psync2")).isEqualTo("+OK\r\n");
        c.send(RawConnection.encode("PSYNC", "?", "-1"));
        return c;
    }

    private static List<String> failoverStates(Differential diff) {
        return List.of(Datasets.info(diff.redis().host(), diff.redis().port(), "master_failover_state"),
                Datasets.info(diff.node().host(), diff.node().port(), "master_failover_state"));
    }

    /** Each writer's SET is held while the failover waits, and answered once end ran. */
    private static void assertPausedThenAnswered(List<RawConnection> writers, Runnable end) {
        for (RawConnection w : writers) {
            w.send(RawConnection.encode("SET", "k2", "v2"));
        }
        for (RawConnection w : writers) {
            assertThat(w.quietFor(200)).as("a write held by the failover's pause").isTrue();
        }
        end.run();
        for (RawConnection w : writers) {
            assertThat(w.readReplyString()).isEqualTo("+OK\r\n");
        }
    }
}
