package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.ByteArrays;
import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CLUSTER SETSLOT NODE on the importing node announces the new owner with a PONG to every peer, sent after
 * the command's reply as Redis sends it (from the event loop, after beforeSleep wrote the replies). Sent
 * before, it woke every peer first, so the source was usually busy taking the slot from that PONG (with an
 * fsync of nodes.conf) when redis-cli's next SETSLOT NODE reached it: a rebalance paid that on every slot.
 * A pipelined CLUSTER INFO after SETSLOT in the same read shows whether the PONG left before the reply.
 */
class SetSlotNodeReplyFirstTest {
    private static final String SOURCE = "127.0.161.101";
    private static final String TARGET = "127.0.161.102";
    private static final Pattern PONGS_SENT = Pattern.compile("cluster_stats_messages_pong_sent:(\\d+)");
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15000);

    private static long pongsSent(String clusterInfo) {
        Matcher m = PONGS_SENT.matcher(clusterInfo);
        assertThat(m.find()).as("CLUSTER INFO counts PONGs sent: %s", clusterInfo).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void theImportingNodeRepliesBeforeItAnnouncesTheSlot() throws Exception {
        cluster.redis(SOURCE);
        cluster.dataNode(TARGET);
        // Distinct epochs from the start, the target's the greater: no collision bump can make the source's
        // claim win over the target's, so the source must take the slot from the target's PONG.
        assertThat(call(SOURCE, "CLUSTER", "SET-CONFIG-EPOCH", "1")).isEqualTo("+OK\r\n");
        assertThat(call(TARGET, "CLUSTER", "SET-CONFIG-EPOCH", "2")).isEqualTo("+OK\r\n");
        assertThat(call(SOURCE, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
        assertThat(call(TARGET, "CLUSTER", "MEET", SOURCE, "6379")).isEqualTo("+OK\r\n");
        String sourceId = myId(SOURCE);
        String targetId = myId(TARGET);
        await("the nodes know each other", 20_000, () -> call(SOURCE, "CLUSTER", "NODES").contains(targetId)
                && call(TARGET, "CLUSTER", "NODES").contains(sourceId + " " + SOURCE + ":6379@16379 master - "));
        await("the target has a link to the source", 20_000, () -> call(TARGET, "CLUSTER", "LINKS").contains(sourceId));
        assertThat(call(SOURCE, "CLUSTER", "SETSLOT", "0", "MIGRATING", targetId)).isEqualTo("+OK\r\n");

        try (RawConnection target = new RawConnection(TARGET, 6379)) {
            assertThat(target.callString("CLUSTER", "SETSLOT", "0", "IMPORTING", sourceId)).isEqualTo("+OK\r\n");
            byte[] infoSetslotInfo = ByteArrays.concat(RawConnection.encode("CLUSTER", "INFO"),
                    RawConnection.encode("CLUSTER", "SETSLOT", "0", "NODE", targetId),
                    RawConnection.encode("CLUSTER", "INFO"));
            target.send(infoSetslotInfo);
            long before = pongsSent(target.readReplyString());
            assertThat(target.readReplyString()).isEqualTo("+OK\r\n");
            long withTheReply = pongsSent(target.readReplyString());
            assertThat(withTheReply).as("PONGs sent before the SETSLOT reply was written").isEqualTo(before);
            await("the PONG announcing the slot is sent", 5_000,
                    () -> pongsSent(target.callString("CLUSTER", "INFO")) > before);
        }
        await("the source learns the new owner", 10_000, () -> call(SOURCE, "CLUSTER", "NODES").lines()
                .anyMatch(line -> line.startsWith(targetId) && line.endsWith(" 0")));
    }
}
