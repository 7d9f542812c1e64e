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
 * Shard channels live with their slot's shard, replicas included: a client may SSUBSCRIBE on a replica of the
 * channel's master without READONLY (clients spread subscribers over replicas), and an SPUBLISH on the master
 * reaches it over the bus; SPUBLISH on the replica itself is served there too. Checked with a data node replica of a redis-server master and the other way round.
 */
class ShardPubSubReplicaTest {
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15000);

    @Test
    void aDataNodeReplicaTakesShardSubscribersOfItsRedisMaster() throws Exception {
        cluster.redis("127.0.171.11");
        cluster.dataNode("127.0.171.12");
        assertReplicaServesShardSubscribers("127.0.171.11", "127.0.171.12");
    }

    @Test
    void aRedisReplicaTakesShardSubscribersOfItsDataNodeMaster() throws Exception {
        cluster.dataNode("127.0.171.13");
        cluster.redis("127.0.171.14");
        assertReplicaServesShardSubscribers("127.0.171.13", "127.0.171.14");
    }

    @Test
    void shardChannelsFollowTheirOwnSettingWhileTheClusterIsDown() throws Exception {
        cluster.redis("127.0.171.15");
        cluster.dataNode("127.0.171.16");
        assertThat(downClusterReplies("127.0.171.16")).isEqualTo(downClusterReplies("127.0.171.15"));
    }

    /** ch3 is in slot 1672; slot 0 left unserved puts the cluster in the fail state. */
    private static String downClusterReplies(String node) throws Exception {
        assertThat(call(node, "CLUSTER", "ADDSLOTSRANGE", "1", "16383")).isEqualTo("+OK\r\n");
        await("the cluster is down for the unserved slot", 20_000,
                () -> call(node, "CLUSTER", "INFO").contains("cluster_state:fail"));
        StringBuilder replies = new StringBuilder(call(node, "GET", "{ch3}"));
        try (RawConnection subscriber = new RawConnection(node, 6379)) {
            replies.append(subscriber.callString("SSUBSCRIBE", "ch3"));
        }
        replies.append(call(node, "SPUBLISH", "ch3", "m"));
        assertThat(call(node, "CONFIG", "SET", "cluster-allow-pubsubshard-when-down", "no")).isEqualTo("+OK\r\n");
        replies.append(call(node, "SSUBSCRIBE", "ch3")).append(call(node, "SPUBLISH", "ch3", "m"));
        return replies.toString();
    }

    private static void assertReplicaServesShardSubscribers(String master, String replica) throws Exception {
        assertThat(call(master, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
        assertThat(call(replica, "CLUSTER", "MEET", master, "6379")).isEqualTo("+OK\r\n");
        String masterId = myId(master);
        await("the replica knows its master", 20_000,
                () -> call(replica, "CLUSTER", "NODES").contains(masterId + " " + master + ":6379@16379 master - "));
        assertThat(call(replica, "CLUSTER", "REPLICATE", masterId)).isEqualTo("+OK\r\n");
        await("the replica is in sync and the cluster ok", 30_000,
                () -> call(replica, "INFO", "replication").contains("master_link_status:up")
                        && call(replica, "CLUSTER", "INFO").contains("cluster_state:ok"));
        try (RawConnection subscriber = new RawConnection(replica, 6379)) {
            assertThat(subscriber.callString("SSUBSCRIBE", "ch3"))
                    .isEqualTo("*3\r\n$10\r\nssubscribe\r\n$3\r\nch3\r\n:1\r\n");
            assertThat(call(master, "SPUBLISH", "ch3", "hello")).isEqualTo(":0\r\n");
            assertThat(subscriber.readReplyString()).isEqualTo("*3\r\n$8\r\nsmessage\r\n$3\r\nch3\r\n$5\r\nhello\r\n");
            assertThat(call(replica, "SPUBLISH", "ch3", "x")).as("published on the replica too").isEqualTo(":1\r\n");
            assertThat(subscriber.readReplyString()).isEqualTo("*3\r\n$8\r\nsmessage\r\n$3\r\nch3\r\n$1\r\nx\r\n");
        }
    }
}
