package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.BatchWriter;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * bench/cluster-failover.sh's data loss report as a test: data node masters, keys loaded 1000 SETs per write
 * (as cluster_keys.py does) while the replica of the loaded master makes its first full sync with the cluster
 * defaults (diskless snapshot after the 5 s delay, loaded from disk), then the replica is promoted, by CLUSTER
 * FAILOVER under writes or by an election after its master stopped. Before and after, it holds as many keys as
 * its master and every acknowledged one.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BatchFailoverTest {
    private static final String MASTER = "127.0.151.101";
    private static final String OTHER_MASTER = "127.0.151.102";
    private static final String THIRD_MASTER = "127.0.151.103";
    private static final String REPLICA = "127.0.151.104";
    private static final List<String> HOSTS = List.of(MASTER, OTHER_MASTER, THIRD_MASTER, REPLICA);

    /**
     * A generous node timeout: with 2 s, a master busy with the batches in this loaded JVM missed its pings,
     * was marked FAIL, and its replica was elected while it still acknowledged writes (see bench/RESULTS.md).
     */
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15_000);
    private EmbeddedDataNode master;

    /** Three masters, MASTER with all slots but the last two so that nearly every key is written to it. */
    @BeforeEach
    void createCluster() throws Exception {
        master = cluster.dataNode(MASTER);
        cluster.dataNode(OTHER_MASTER);
        cluster.dataNode(THIRD_MASTER);
        cluster.dataNode(REPLICA);
        for (String host : HOSTS.subList(1, HOSTS.size())) {
            assertThat(call(MASTER, "CLUSTER", "MEET", host, "6379")).isEqualTo("+OK\r\n");
        }
        assertThat(call(MASTER, "CLUSTER", "ADDSLOTSRANGE", "0", "16381")).isEqualTo("+OK\r\n");
        assertThat(call(OTHER_MASTER, "CLUSTER", "ADDSLOTS", "16382")).isEqualTo("+OK\r\n");
        assertThat(call(THIRD_MASTER, "CLUSTER", "ADDSLOTS", "16383")).isEqualTo("+OK\r\n");
        for (String host : HOSTS) {
            await("cluster ok on " + host, 30_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
    }

    /** Starts loading, then makes REPLICA a replica of MASTER: its first full sync happens under the load. */
    private BatchWriter loadDuringTheFirstFullSync() throws InterruptedException {
        BatchWriter writer = new BatchWriter(MASTER, 6379);
        writer.start("key", 2, 120_000);
        await("batches flowing", 30_000, () -> writer.acknowledgedCount() > 20 * BatchWriter.BATCH);
        String masterId = myId(MASTER);
        await("the replica knows the master", 20_000, () -> call(REPLICA, "CLUSTER", "NODES").contains(masterId));
        assertThat(call(REPLICA, "CLUSTER", "REPLICATE", masterId)).isEqualTo("+OK\r\n");
        await("the replica's link is up", 60_000, () -> info(REPLICA, "master_link_status").equals("up"));
        int atSync = writer.acknowledgedCount();
        await("batches after the sync", 30_000, () -> writer.acknowledgedCount() > atSync + 20 * BatchWriter.BATCH);
        return writer;
    }

    @Test
    void aReplicaElectedAfterItsMasterStoppedHasEveryAcknowledgedBatch() throws Exception {
        List<String> keys;
        try (BatchWriter writer = loadDuringTheFirstFullSync()) {
            writer.close();
            keys = writer.acknowledgedKeys();
        }
        await("the replica has the master's offset", 60_000, () -> info(REPLICA, "master_link_status").equals("up")
                && info(REPLICA, "slave_repl_offset").equals(info(MASTER, "master_repl_offset")));
        assertThat(call(REPLICA, "DBSIZE")).isEqualTo(call(MASTER, "DBSIZE")).isEqualTo(":" + keys.size() + "\r\n");
        assertThat(BatchWriter.notHeld(REPLICA, 6379, keys, true)).isEmpty();

        cluster.stop(master);
        await("the replica is elected", 90_000, () -> call(REPLICA, "ROLE").contains("master")
                && call(OTHER_MASTER, "CLUSTER", "INFO").contains("cluster_state:ok"));
        assertThat(call(REPLICA, "DBSIZE")).isEqualTo(":" + keys.size() + "\r\n");
        assertThat(BatchWriter.notHeld(REPLICA, 6379, keys, false)).isEmpty();
    }

    @Test
    void aManualFailoverUnderBatchesKeepsEveryAcknowledgedOne() throws Exception {
        List<String> keys;
        try (BatchWriter writer = loadDuringTheFirstFullSync()) {
            // A manual failover gives up when the replica does not catch up with the paused master within
            // 5 s, which this loaded JVM may not manage: asked again, as an operator would.
            for (int attempt = 1; !call(REPLICA, "ROLE").contains("master"); attempt++) {
                assertThat(attempt).as("CLUSTER FAILOVER attempts").isLessThanOrEqualTo(5);
                assertThat(call(REPLICA, "CLUSTER", "FAILOVER")).isEqualTo("+OK\r\n");
                tookOver(20_000);
            }
            await("the old master follows", 60_000, () -> call(MASTER, "ROLE").contains("slave"));
            writer.close();
            keys = writer.acknowledgedKeys();
        }
        assertThat(BatchWriter.notHeld(REPLICA, 6379, keys, false)).isEmpty();
        await("the old master follows the new one", 60_000, () -> info(MASTER, "master_link_status").equals("up")
                && info(MASTER, "slave_repl_offset").equals(info(REPLICA, "master_repl_offset")));
        assertThat(call(MASTER, "DBSIZE")).isEqualTo(call(REPLICA, "DBSIZE")).isEqualTo(":" + keys.size() + "\r\n");
    }

    /** Waits up to millis for REPLICA to be a master. */
    private static void tookOver(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!call(REPLICA, "ROLE").contains("master") && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
    }

    /** One command on a fresh connection to host. */
    private static String call(String host, String... args) {
        try (RawConnection c = new RawConnection(host, 6379)) {
            return c.callString(args);
        }
    }

    private static String myId(String host) {
        return call(host, "CLUSTER", "MYID").split("\r\n")[1];
    }

    private static String info(String host, String field) {
        for (String line : call(host, "INFO", "replication").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return "";
    }
}
