package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica loading a full sync holds none of its master's stream: like redis-server it gossips offset 0, so
 * CLUSTER SHARDS on its master says its health is "loading" (Redis's replicationGetSlaveOffset; its cluster
 * suite checks this in 28-cluster-shards). The redis-server replica shows the scenario is the reference's.
 */
class ReplicaLoadingHealthTest {
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15000);

    @Test
    void aDataNodeReplicaLoadingAFullSyncIsReportedLoading() throws Exception {
        cluster.redis("127.0.191.1", "--enable-debug-command", "yes");
        cluster.dataNode("127.0.191.2");
        assertMasterSeesReplicaLoading("127.0.191.1", "127.0.191.2");
    }

    @Test
    void aRedisReplicaLoadingAFullSyncIsReportedLoading() throws Exception {
        cluster.redis("127.0.191.3", "--enable-debug-command", "yes");
        cluster.redis("127.0.191.4");
        assertMasterSeesReplicaLoading("127.0.191.3", "127.0.191.4");
    }

    private static void assertMasterSeesReplicaLoading(String master, String replica) throws Exception {
        assertThat(call(master, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
        assertThat(call(replica, "CLUSTER", "MEET", master, "6379")).isEqualTo("+OK\r\n");
        String masterId = myId(master);
        String replicaId = myId(replica);
        await("the replica knows its master", 20_000,
                () -> call(replica, "CLUSTER", "NODES").contains(masterId + " " + master + ":6379@16379 master - "));
        assertThat(call(replica, "CLUSTER", "REPLICATE", masterId)).isEqualTo("+OK\r\n");
        await("the master sees its replica online and the cluster ok", 30_000,
                () -> "online".equals(health(master, replicaId))
                        && call(master, "CLUSTER", "INFO").contains("cluster_state:ok"));
        assertThat(call(master, "DEBUG", "POPULATE", "1000", "key", "1000")).isEqualTo("+OK\r\n");
        assertThat(call(master, "CONFIG", "SET", "repl-backlog-size", "100")).isEqualTo("+OK\r\n");
        assertThat(call(replica, "CONFIG", "SET", "key-load-delay", "4000")).isEqualTo("+OK\r\n");
        assertThat(call(replica, "CONFIG", "SET", "loading-process-events-interval-bytes", "1024")).isEqualTo("+OK\r\n");
        overflowBacklogWhileReplicaIsAway(master);
        await("the master sees its replica loading", 30_000, () -> "loading".equals(health(master, replicaId)));
        assertThat(call(replica, "CONFIG", "SET", "key-load-delay", "0")).isEqualTo("+OK\r\n");
        await("the master sees its replica online again", 30_000, () -> "online".equals(health(master, replicaId)));
    }

    /**
     * In one transaction, past the backlog (at least 16 KB whatever repl-backlog-size says): the replica cannot
     * continue and loads a full sync, slowly.
     */
    private static void overflowBacklogWhileReplicaIsAway(String master) {
        try (RawConnection c = new RawConnection(master, 6379)) {
            assertThat(c.callString("MULTI")).isEqualTo("+OK\r\n");
            c.callString("CLIENT", "KILL", "TYPE", "replica");
            for (int i = 0; i < 100; i++) {
                c.callString("SET", "{ch3}" + i, "A".repeat(1024));
            }
            assertThat(c.callString("EXEC")).startsWith("*101\r\n:1\r\n");
        }
    }

    /** The health CLUSTER SHARDS on host gives the node with that ID; null while the node is not listed. */
    private static String health(String host, String nodeId) {
        String shards = call(host, "CLUSTER", "SHARDS");
        int node = shards.indexOf("$40\r\n" + nodeId + "\r\n");
        if (node < 0) {
            return null;
        }
        int field = shards.indexOf("health\r\n", node);
        int value = shards.indexOf("\r\n", field + "health\r\n".length()) + 2;
        return shards.substring(value, shards.indexOf("\r\n", value));
    }
}
