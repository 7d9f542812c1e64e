package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CONFIG SET cluster-announce-port / -bus-port applies at once: the node's own CLUSTER NODES line shows it, its
 * peers learn it from the next gossip, and 0 brings back the real ports, as on redis-server 7.0 (whose node in the
 * same cluster is checked the same way).
 */
class AnnouncedPortsAtRuntimeTest {
    private static final String REDIS = "127.0.171.21";
    private static final String NODE = "127.0.171.22";
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15000);

    @Test
    void announcedPortsChangeAtRuntimeOnBothKinds() throws Exception {
        cluster.redis(REDIS);
        cluster.dataNode(NODE);
        assertThat(call(NODE, "CLUSTER", "MEET", REDIS, "6379")).isEqualTo("+OK\r\n");
        String redisId = myId(REDIS);
        String nodeId = myId(NODE);
        await("the nodes know each other", 20_000, () -> call(NODE, "CLUSTER", "NODES").contains(redisId + " " + REDIS)
                && call(REDIS, "CLUSTER", "NODES").contains(nodeId + " " + NODE));
        assertAnnouncedPortsFollowConfig(REDIS, redisId, NODE);
        assertAnnouncedPortsFollowConfig(NODE, nodeId, REDIS);
    }

    private static void assertAnnouncedPortsFollowConfig(String host, String id, String peer) throws Exception {
        assertThat(call(host, "CONFIG", "SET", "cluster-announce-port", "7001")).isEqualTo("+OK\r\n");
        assertThat(call(host, "CONFIG", "SET", "cluster-announce-bus-port", "17001")).isEqualTo("+OK\r\n");
        assertThat(call(host, "CLUSTER", "NODES")).contains(id + " " + host + ":7001@17001 myself,");
        await(peer + " learns the announced ports", 20_000,
                () -> call(peer, "CLUSTER", "NODES").contains(id + " " + host + ":7001@17001 "));
        assertThat(call(host, "CONFIG", "SET", "cluster-announce-port", "0")).isEqualTo("+OK\r\n");
        assertThat(call(host, "CONFIG", "SET", "cluster-announce-bus-port", "0")).isEqualTo("+OK\r\n");
        assertThat(call(host, "CLUSTER", "NODES")).contains(id + " " + host + ":6379@16379 myself,");
    }
}
