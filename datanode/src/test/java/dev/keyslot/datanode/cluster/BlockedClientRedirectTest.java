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
 * A client blocked on a key whose slot leaves the node, or whose node stops serving it, does not wait forever
 * for a push that can never happen there: as redis-server 7.0 does from its client cron, it gets -MOVED to the new
 * owner or -CLUSTERDOWN, and the node counts no blocked client any more. Each case runs against a redis-server
 * and a data node holding the waiting client, with the same expected replies.
 */
class BlockedClientRedirectTest {
    /** key9184688 hashes to slot 10923. */
    private static final String KEY = "key9184688";
    private static final String SLOT = "10923";
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15000);

    @Test
    void aWaiterOnAMovedSlotIsRedirectedOnRedis() throws Exception {
        cluster.redis("127.0.171.1");
        cluster.redis("127.0.171.2");
        assertMovedWaiter("127.0.171.1", "127.0.171.2");
    }

    @Test
    void aWaiterOnAMovedSlotIsRedirectedOnTheDataNode() throws Exception {
        cluster.dataNode("127.0.171.3");
        cluster.redis("127.0.171.4");
        assertMovedWaiter("127.0.171.3", "127.0.171.4");
    }

    @Test
    void aWaiterOnAnUnservedSlotGetsClusterDownOnRedis() throws Exception {
        cluster.redis("127.0.171.5", "--cluster-require-full-coverage", "no");
        assertUnservedWaiter("127.0.171.5");
    }

    @Test
    void aWaiterOnAnUnservedSlotGetsClusterDownOnTheDataNode() throws Exception {
        cluster.dataNode("127.0.171.6", "--cluster-require-full-coverage", "no");
        assertUnservedWaiter("127.0.171.6");
    }

    private static void assertMovedWaiter(String owner, String next) throws Exception {
        assertThat(call(owner, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
        assertThat(call(next, "CLUSTER", "MEET", owner, "6379")).isEqualTo("+OK\r\n");
        String ownerId = myId(owner);
        String nextId = myId(next);
        await("the nodes know each other", 20_000, () -> call(owner, "CLUSTER", "NODES").contains(nextId)
                && call(next, "CLUSTER", "NODES").contains(ownerId + " " + owner + ":6379@16379 master - "));
        await("the cluster is ok", 20_000, () -> call(owner, "CLUSTER", "INFO").contains("cluster_state:ok")
                && call(next, "CLUSTER", "INFO").contains("cluster_state:ok"));
        try (RawConnection waiter = new RawConnection(owner, 6379)) {
            waiter.send(RawConnection.encode("BLPOP", KEY, "0"));
            await("the client blocks", 10_000, () -> call(owner, "INFO", "clients").contains("blocked_clients:1"));
            assertThat(call(next, "CLUSTER", "SETSLOT", SLOT, "NODE", nextId)).isEqualTo("+OK\r\n");
            assertThat(call(owner, "CLUSTER", "SETSLOT", SLOT, "NODE", nextId)).isEqualTo("+OK\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("-MOVED " + SLOT + " " + next + ":6379\r\n");
            assertThat(call(owner, "INFO", "clients")).contains("blocked_clients:0");
            assertThat(call(owner, "INFO", "errorstats")).contains("errorstat_MOVED:count=1");
        }
    }

    private static void assertUnservedWaiter(String node) throws Exception {
        assertThat(call(node, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
        await("the cluster is ok", 20_000, () -> call(node, "CLUSTER", "INFO").contains("cluster_state:ok"));
        try (RawConnection waiter = new RawConnection(node, 6379)) {
            waiter.send(RawConnection.encode("BZPOPMIN", KEY, "0"));
            await("the client blocks", 10_000, () -> call(node, "INFO", "clients").contains("blocked_clients:1"));
            assertThat(call(node, "CLUSTER", "DELSLOTS", SLOT)).isEqualTo("+OK\r\n");
            assertThat(waiter.readReplyString()).isEqualTo("-CLUSTERDOWN Hash slot not served\r\n");
            assertThat(call(node, "INFO", "clients")).contains("blocked_clients:0");
        }
    }
}
