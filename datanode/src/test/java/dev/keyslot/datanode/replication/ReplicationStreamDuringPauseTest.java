package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a master adds to its replication stream by itself, asserted alike of redis-server 7.0 and the data
 * node through master_repl_offset. PINGs (14 bytes): every repl-ping-replica-period turns of the replication
 * cron, which turns ten times a second during a FAILOVER and once a second otherwise; also while CLIENT PAUSE
 * holds writes, but not during a FAILOVER with a TIMEOUT, whose pause keeps the offset the replica must reach.
 * WAIT's REPLCONF GETACK (37 bytes): not while clients are paused, but once the pause ends. The replica is a
 * connection that asked to sync and waits for its snapshot, so it acknowledges nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplicationStreamDuringPauseTest {
    private static final String STUCK_REPLICA_PORT = "7779";
    private static final long PING_BYTES = 14;
    private static final long GETACK_BYTES = 37;
    @RegisterExtension
    static final Differential diff = Differential.perClassWithoutReset("--repl-diskless-sync-delay", "60",
            "--repl-ping-replica-period", "1");
    private static RawConnection redisReplica;
    private static RawConnection nodeReplica;

    @BeforeAll
    static void start() {
        redisReplica = stuckReplica(diff.redis().host(), diff.redis().port());
        nodeReplica = stuckReplica(diff.node().host(), diff.node().port());
        Datasets.await("both masters see their replica", 10_000,
                () -> "1".equals(Datasets.info(diff.redis().host(), diff.redis().port(), "connected_slaves"))
                        && "1".equals(Datasets.info(diff.node().host(), diff.node().port(), "connected_slaves")));
    }

    @AfterAll
    static void stop() {
        redisReplica.close();
        nodeReplica.close();
    }

    @Test
    void clientPauseDoesNotStopThePings() throws Exception {
        diff.check("CLIENT", "PAUSE", "5000", "WRITE");
        List<Long> growth;
        try {
            growth = offsetGrowthOver(2100);
        } finally {
            diff.check("CLIENT", "UNPAUSE");
        }
        assertThat(growth).allSatisfy(bytes -> assertThat(bytes).isBetween(PING_BYTES, 4 * PING_BYTES));
    }

    @Test
    void aFailoverPingsTenTimesASecond() throws Exception {
        diff.check("FAILOVER");
        List<Long> growth;
        try {
            growth = offsetGrowthOver(1000);
        } finally {
            diff.check("FAILOVER", "ABORT");
        }
        assertThat(growth).allSatisfy(bytes -> assertThat(bytes).isGreaterThanOrEqualTo(5 * PING_BYTES));
    }

    @Test
    void aFailoverWithATimeoutWithholdsThePings() throws Exception {
        diff.check("FAILOVER", "TIMEOUT", "60000");
        List<Long> growth;
        try {
            growth = offsetGrowthOver(1000);
        } finally {
            diff.check("FAILOVER", "ABORT");
        }
        assertThat(growth).containsOnly(0L);
    }

    @Test
    void waitDuringAPauseAsksForAcknowledgementsOnlyOnceThePauseEnds() throws Exception {
        List<Long> before = offsets();
        diff.check("WAIT", "1", "50");
        TimeUnit.MILLISECONDS.sleep(200);
        List<Long> unpaused = offsets();
        diff.check("CLIENT", "PAUSE", "5000", "WRITE");
        List<Long> paused;
        try {
            diff.check("WAIT", "1", "50");
            TimeUnit.MILLISECONDS.sleep(300);
            paused = offsets();
        } finally {
            diff.check("CLIENT", "UNPAUSE");
        }
        TimeUnit.MILLISECONDS.sleep(200);
        List<Long> after = offsets();
        for (int i = 0; i < 2; i++) {
            // Pings may come in between: what is left over from multiples of 14 is the GETACK's 37 bytes, or none.
            assertThat((unpaused.get(i) - before.get(i)) % PING_BYTES).as("GETACK without a pause").isEqualTo(GETACK_BYTES % PING_BYTES);
            assertThat((paused.get(i) - unpaused.get(i)) % PING_BYTES).as("no GETACK during the pause").isZero();
            assertThat((after.get(i) - paused.get(i)) % PING_BYTES).as("GETACK after the pause").isEqualTo(GETACK_BYTES % PING_BYTES);
        }
    }

    private static List<Long> offsets() {
        return List.of(Datasets.infoLong(diff.redis().host(), diff.redis().port(), "master_repl_offset"),
                Datasets.infoLong(diff.node().host(), diff.node().port(), "master_repl_offset"));
    }

    /** How much master_repl_offset grew on redis-server and on the data node while sleeping. */
    private static List<Long> offsetGrowthOver(long millis) throws InterruptedException {
        long redisBefore = Datasets.infoLong(diff.redis().host(), diff.redis().port(), "master_repl_offset");
        long nodeBefore = Datasets.infoLong(diff.node().host(), diff.node().port(), "master_repl_offset");
        TimeUnit.MILLISECONDS.sleep(millis);
        return List.of(Datasets.infoLong(diff.redis().host(), diff.redis().port(), "master_repl_offset") - redisBefore,
                Datasets.infoLong(diff.node().host(), diff.node().port(), "master_repl_offset") - nodeBefore);
    }

    private static RawConnection stuckReplica(String host, int port) {
        RawConnection c = new RawConnection(host, port);
        assertThat(c.callString("REPLCONF", "listening-port", STUCK_REPLICA_PORT)).isEqualTo("+OK\r\n");
        assertThat(c.callString("REPLCONF", "capa", "eof", "capa", "psync2")).isEqualTo("+OK\r\n");
        c.send(RawConnection.encode("PSYNC", "?", "-1"));
        return c;
    }
}
