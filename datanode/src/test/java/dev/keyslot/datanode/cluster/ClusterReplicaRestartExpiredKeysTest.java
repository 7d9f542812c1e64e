package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster replica restarted from its RDB keeps the keys whose TTL passed while it was down, as redis-server
 * does (it reads nodes.conf before loading): the master's DELs for them are still to come, and until then the
 * replica holds what its master holds. Redis's cluster test 14-consistency-check checks this.
 */
class ClusterReplicaRestartExpiredKeysTest {
    private static final String MASTER = "127.0.181.1";
    private static final String REPLICA = "127.0.181.2";
    private static final int KEYS = 20;
    private static final long TTL_MILLIS = 1500;

    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15000);

    @Test
    void aRestartedReplicaKeepsKeysItsMasterHasNotExpiredYet() throws Exception {
        cluster.redis(MASTER, "--enable-debug-command", "yes");
        var replica = cluster.dataNode(REPLICA);
        assertThat(call(MASTER, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
        assertThat(call(REPLICA, "CLUSTER", "MEET", MASTER, "6379")).isEqualTo("+OK\r\n");
        String masterId = myId(MASTER);
        await("the replica knows its master", 20_000,
                () -> call(REPLICA, "CLUSTER", "NODES").contains(masterId + " " + MASTER + ":6379@16379 master - "));
        assertThat(call(REPLICA, "CLUSTER", "REPLICATE", masterId)).isEqualTo("+OK\r\n");
        await("the replica is in sync", 30_000,
                () -> call(REPLICA, "INFO", "replication").contains("master_link_status:up"));
        for (int i = 0; i < KEYS; i++) {
            assertThat(call(MASTER, "SET", "k" + i, "v", "PX", Long.toString(TTL_MILLIS))).isEqualTo("+OK\r\n");
        }
        await("the replica has the keys", 10_000, () -> call(REPLICA, "DBSIZE").equals(":" + KEYS + "\r\n"));
        assertThat(call(REPLICA, "SAVE")).isEqualTo("+OK\r\n");
        cluster.stop(replica);
        assertThat(call(MASTER, "DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("+OK\r\n");
        Thread.sleep(TTL_MILLIS + 200);

        cluster.dataNode(REPLICA);

        assertThat(call(REPLICA, "DBSIZE")).as("keys loaded from the RDB").isEqualTo(":" + KEYS + "\r\n");
        assertThat(call(MASTER, "DEBUG", "SET-ACTIVE-EXPIRE", "1")).isEqualTo("+OK\r\n");
        await("the master's DELs reach the replica", 20_000, () -> call(REPLICA, "DBSIZE").equals(":0\r\n"));
    }
}
