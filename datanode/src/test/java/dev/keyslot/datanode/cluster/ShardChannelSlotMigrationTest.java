package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a slot migrates away, shard subscribers on its old master and on that master's replica get an
 * sunsubscribe (Redis's cluster test 25-pubsubshard-slot-migration): the master when SETSLOT NODE gives the slot
 * away, the replica when the bus tells it the new owner's claim. The data nodes are the old master and its
 * replica; the new owner is a redis-server.
 */
class ShardChannelSlotMigrationTest {
    private static final String FROM = "127.0.182.1";
    private static final String TO = "127.0.182.2";
    private static final String REPLICA = "127.0.182.3";
    private static final String CHANNEL = "mychannel";
    private static final String SUNSUBSCRIBED = "*3\r\n$12\r\nsunsubscribe\r\n$9\r\nmychannel\r\n:0\r\n";

    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15000);

    @Test
    void subscribersOfTheOldMasterAndItsReplicaAreUnsubscribed() throws Exception {
        cluster.dataNode(FROM);
        cluster.redis(TO);
        cluster.dataNode(REPLICA);
        int slot = KeySlot.of(CHANNEL.getBytes(StandardCharsets.US_ASCII));
        String fromId = myId(FROM);
        String toId = myId(TO);
        formShards(slot, fromId);

        try (RawConnection onMaster = new RawConnection(FROM, 6379);
             RawConnection onReplica = new RawConnection(REPLICA, 6379)) {
            assertThat(onMaster.callString("SSUBSCRIBE", CHANNEL)).contains("ssubscribe");
            assertThat(onReplica.callString("SSUBSCRIBE", CHANNEL)).contains("ssubscribe");
            assertThat(call(FROM, "CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", toId)).isEqualTo("+OK\r\n");
            assertThat(call(TO, "CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", fromId)).isEqualTo("+OK\r\n");
            assertThat(call(FROM, "SPUBLISH", CHANNEL, "hello")).isEqualTo(":1\r\n");
            assertThat(onMaster.readReplyString()).contains("hello");
            assertThat(onReplica.readReplyString()).contains("hello");

            assertThat(call(FROM, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", toId)).isEqualTo("+OK\r\n");
            onMaster.setReadTimeout(5000);
            assertThat(onMaster.readReplyString()).isEqualTo(SUNSUBSCRIBED);

            assertThat(call(TO, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", toId)).isEqualTo("+OK\r\n");
            onReplica.setReadTimeout(20_000);
            assertThat(onReplica.readReplyString()).isEqualTo(SUNSUBSCRIBED);
        }
    }

    /** FROM owns the channel's slot and the slots below 8192, TO the others; REPLICA replicates FROM. */
    private static void formShards(int slot, String fromId) throws InterruptedException {
        assertThat(slot).as("the channel's slot").isGreaterThanOrEqualTo(8192).isLessThan(16383);
        assertThat(call(FROM, "CLUSTER", "ADDSLOTSRANGE", "0", "8191", Integer.toString(slot), Integer.toString(slot)))
                .isEqualTo("+OK\r\n");
        assertThat(call(TO, "CLUSTER", "ADDSLOTSRANGE", "8192", Integer.toString(slot - 1),
                Integer.toString(slot + 1), "16383")).isEqualTo("+OK\r\n");
        assertThat(call(FROM, "CLUSTER", "MEET", TO, "6379")).isEqualTo("+OK\r\n");
        assertThat(call(REPLICA, "CLUSTER", "MEET", FROM, "6379")).isEqualTo("+OK\r\n");
        await("the replica knows its master", 20_000,
                () -> call(REPLICA, "CLUSTER", "NODES").contains(fromId + " " + FROM + ":6379@16379 master - "));
        assertThat(call(REPLICA, "CLUSTER", "REPLICATE", fromId)).isEqualTo("+OK\r\n");
        await("the replica is in sync", 30_000,
                () -> call(REPLICA, "INFO", "replication").contains("master_link_status:up"));
        for (String host : List.of(FROM, TO, REPLICA)) {
            await("cluster ok on " + host, 30_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
    }
}
