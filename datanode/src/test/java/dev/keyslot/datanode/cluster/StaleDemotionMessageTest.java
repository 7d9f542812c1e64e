package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.cluster.bus.ClusterMessage;
import dev.keyslot.datanode.cluster.bus.MessageType;
import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RawConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node talks to a peer over two links (its own and the peer's), so a message the new master sent before its
 * failover can arrive after the one announcing it. Such a late message says "I am a replica of you" to the
 * demoted master; taken at its word, it unbinds every slot of the shard until the next ping, and reads on the
 * demoted master answer CLUSTERDOWN. A claim older than the sender's known configEpoch is ignored.
 */
class StaleDemotionMessageTest {
    private static final String OLD_MASTER = "127.0.183.1";
    private static final String NEW_MASTER = "127.0.183.2";
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15000);

    @Test
    void aLateReplicaClaimFromTheNewMasterLeavesItsSlotsBound() throws Exception {
        cluster.dataNode(OLD_MASTER);
        cluster.dataNode(NEW_MASTER);
        assertThat(call(OLD_MASTER, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
        assertThat(call(OLD_MASTER, "CLUSTER", "MEET", NEW_MASTER, "6379")).isEqualTo("+OK\r\n");
        String oldMasterId = myId(OLD_MASTER);
        String newMasterId = myId(NEW_MASTER);
        await("the nodes know each other", 20_000,
                () -> call(NEW_MASTER, "CLUSTER", "NODES").contains(oldMasterId + " " + OLD_MASTER + ":6379"));
        assertThat(call(NEW_MASTER, "CLUSTER", "REPLICATE", oldMasterId)).isEqualTo("+OK\r\n");
        await("the replica is in sync", 20_000,
                () -> call(NEW_MASTER, "INFO", "replication").contains("master_link_status:up"));
        assertThat(call(OLD_MASTER, "SET", "k", "v")).isEqualTo("+OK\r\n");
        long oldConfigEpoch = configEpochOf(OLD_MASTER, oldMasterId);

        assertThat(call(NEW_MASTER, "CLUSTER", "FAILOVER")).isEqualTo("+OK\r\n");
        await("the old master follows the new one", 20_000,
                () -> call(OLD_MASTER, "ROLE").contains("slave") && slotsAssigned(OLD_MASTER) == 16384);

        ClusterMessage late = new ClusterMessage();
        late.type = MessageType.PING;
        late.sender = newMasterId;
        late.replicaOf = oldMasterId;
        late.configEpoch = oldConfigEpoch;
        late.currentEpoch = oldConfigEpoch;
        late.flags = NodeFlags.SLAVE;
        late.port = 6379;
        late.cport = 16379;
        Arrays.fill(late.slots, (byte) 0xff);
        sendAndAwaitPong(late);

        assertThat(slotsAssigned(OLD_MASTER)).as("slots bound on the old master").isEqualTo(16384);
        assertThat(call(OLD_MASTER, "CLUSTER", "INFO")).contains("cluster_state:ok");
        try (RawConnection reader = new RawConnection(OLD_MASTER, 6379)) {
            assertThat(reader.callString("READONLY")).isEqualTo("+OK\r\n");
            assertThat(reader.callString("GET", "k")).as("a replica read on the old master").isEqualTo("$1\r\nv\r\n");
        }
        assertThat(call(NEW_MASTER, "CLUSTER", "NODES")).contains(newMasterId + " " + NEW_MASTER + ":6379@16379 myself,master");
        assertThat(nodesLine(OLD_MASTER, newMasterId)).contains(" master ").endsWith(" 0-16383");
        assertThat(nodesLine(OLD_MASTER, oldMasterId)).contains("myself,slave " + newMasterId);
    }

    /** Sends m from the new master's address to the old master's bus, and waits for its PONG: m was processed. */
    private static void sendAndAwaitPong(ClusterMessage m) throws Exception {
        ByteBuf frame = Unpooled.buffer();
        m.encode(frame);
        byte[] bytes = new byte[frame.readableBytes()];
        frame.readBytes(bytes);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(NEW_MASTER), 0));
            socket.connect(new InetSocketAddress(OLD_MASTER, 16379), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[8];
            in.readFully(header);
            int length = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
            in.readFully(new byte[length - header.length]);
        }
    }

    private static long configEpochOf(String host, String id) {
        return Long.parseLong(nodesLine(host, id).split(" ")[6]);
    }

    private static String nodesLine(String host, String id) {
        for (String line : call(host, "CLUSTER", "NODES").split("\n")) {
            if (line.startsWith(id)) {
                return line.trim();
            }
        }
        throw new AssertionError(id + " not in CLUSTER NODES of " + host);
    }

    private static int slotsAssigned(String host) {
        String info = call(host, "CLUSTER", "INFO");
        int at = info.indexOf("cluster_slots_assigned:") + "cluster_slots_assigned:".length();
        return Integer.parseInt(info.substring(at, info.indexOf('\r', at)));
    }
}
