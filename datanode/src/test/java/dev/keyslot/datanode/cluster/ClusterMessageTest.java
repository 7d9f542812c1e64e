package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.cluster.bus.ClusterMessage;
import dev.keyslot.datanode.cluster.bus.GossipEntry;
import dev.keyslot.datanode.cluster.bus.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterMessageTest {
    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);

    private static ClusterMessage ping() {
        ClusterMessage m = new ClusterMessage();
        m.type = MessageType.PING;
        m.sender = A;
        m.port = 6379;
        m.cport = 16379;
        m.currentEpoch = 7;
        m.configEpoch = 3;
        m.flags = NodeFlags.MASTER | NodeFlags.MYSELF;
        m.slots[0] = 1;
        m.slots[2047] = (byte) 0x80;
        m.hostname = "node-0.keyslot";
        m.gossip.add(new GossipEntry(B, 1, 2, "127.0.2.2", 6379, 16379, NodeFlags.MASTER, 0));
        return m;
    }

    @Test
    void pingRoundTripsWithRedisLayout() {
        ByteBuf buf = Unpooled.buffer();
        ping().encode(buf);
        // Header + one gossip entry + hostname extension (8-byte header, 15 bytes padded to 16).
        assertThat(buf.readableBytes()).isEqualTo(2256 + 104 + 8 + 16);
        assertThat(buf.getUnsignedInt(4)).isEqualTo(buf.readableBytes());
        assertThat(buf.getByte(80)).isEqualTo((byte) 1);
        ClusterMessage decoded = ClusterMessage.decode(buf);
        assertThat(decoded).isNotNull();
        assertThat(decoded.sender).isEqualTo(A);
        assertThat(decoded.replicaOf).isNull();
        assertThat(decoded.currentEpoch).isEqualTo(7);
        assertThat(decoded.hostname).isEqualTo("node-0.keyslot");
        assertThat(decoded.gossip).containsExactly(new GossipEntry(B, 1, 2, "127.0.2.2", 6379, 16379, NodeFlags.MASTER, 0));
        assertThat(new SlotBitmap(decoded.slots).get(0)).isTrue();
        assertThat(new SlotBitmap(decoded.slots).get(16383)).isTrue();
        assertThat(new SlotBitmap(decoded.slots).count()).isEqualTo(2);
    }

    @Test
    void lengthMismatchAndWrongVersionAreDropped() {
        ByteBuf buf = Unpooled.buffer();
        ping().encode(buf);
        ByteBuf wrongCount = buf.copy();
        wrongCount.setShort(14, 2);
        assertThat(ClusterMessage.decode(wrongCount)).isNull();
        ByteBuf wrongVersion = buf.copy();
        wrongVersion.setShort(8, 2);
        assertThat(ClusterMessage.decode(wrongVersion)).isNull();
        ByteBuf badExtension = buf.copy();
        badExtension.setInt(2256 + 104, 12);
        assertThat(ClusterMessage.decode(badExtension)).isNull();
    }

    @Test
    void failAndUpdateHaveFixedSizes() {
        ClusterMessage fail = new ClusterMessage();
        fail.type = MessageType.FAIL;
        fail.sender = A;
        fail.aboutNode = B;
        ByteBuf buf = Unpooled.buffer();
        fail.encode(buf);
        assertThat(buf.readableBytes()).isEqualTo(2296);
        assertThat(ClusterMessage.decode(buf).aboutNode).isEqualTo(B);

        ClusterMessage update = new ClusterMessage();
        update.type = MessageType.UPDATE;
        update.sender = A;
        update.aboutNode = B;
        update.aboutConfigEpoch = 9;
        update.aboutSlots = new byte[2048];
        ByteBuf u = Unpooled.buffer();
        update.encode(u);
        assertThat(u.readableBytes()).isEqualTo(4352);
        assertThat(ClusterMessage.decode(u).aboutConfigEpoch).isEqualTo(9);
    }

    @Test
    void publishCarriesChannelAndMessage() {
        ClusterMessage m = new ClusterMessage();
        m.type = MessageType.PUBLISH;
        m.sender = A;
        m.channel = "ch".getBytes();
        m.message = "hello".getBytes();
        ByteBuf buf = Unpooled.buffer();
        m.encode(buf);
        assertThat(buf.readableBytes()).isEqualTo(2264 + 7);
        ClusterMessage d = ClusterMessage.decode(buf);
        assertThat(new String(d.channel)).isEqualTo("ch");
        assertThat(new String(d.message)).isEqualTo("hello");
    }
}
