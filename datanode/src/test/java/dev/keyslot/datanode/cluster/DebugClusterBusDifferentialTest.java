package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/** DEBUG CLUSTERLINK KILL and DROP-CLUSTER-PACKET-FILTER on a data node met with a redis-server. */
class DebugClusterBusDifferentialTest {
    private static final String NODE = "127.0.78.20";
    private static final String REDIS = "127.0.78.21";
    private static final long NODE_TIMEOUT = 2000;
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(NODE_TIMEOUT);

    @Test
    void linksAreKilledAndPacketsDroppedOnRequest() throws Exception {
        cluster.dataNode(NODE, "--enable-debug-command", "yes");
        cluster.redis(REDIS, "--enable-debug-command", "yes");
        call(NODE, "CLUSTER", "MEET", REDIS, "6379");
        String nodeId = myId(NODE);
        String redisId = myId(REDIS);
        await("the nodes connected", 20_000, () -> connected(NODE, redisId) && connected(REDIS, nodeId));

        assertThat(debugReplies(NODE, redisId)).isEqualTo(debugReplies(REDIS, nodeId));

        List<Long> before = linkCreateTimes(NODE);
        assertThat(call(NODE, "DEBUG", "CLUSTERLINK", "KILL", "all", redisId)).isEqualTo("+OK\r\n");
        await("both links made again", 20_000, () -> {
            List<Long> now = linkCreateTimes(NODE);
            return now.size() == 2 && now.stream().noneMatch(before::contains);
        });

        assertThat(call(NODE, "DEBUG", "DROP-CLUSTER-PACKET-FILTER", "1")).isEqualTo("+OK\r\n");
        long pongBeforeDropping = pongReceived(NODE, redisId);
        Thread.sleep(3 * NODE_TIMEOUT / 2);
        long pongWhileDropping = pongReceived(NODE, redisId);
        Thread.sleep(3 * NODE_TIMEOUT / 2);
        assertThat(pongReceived(NODE, redisId)).as("no PONG is read while they are dropped")
                .isEqualTo(pongWhileDropping).isGreaterThanOrEqualTo(pongBeforeDropping);
        assertThat(call(NODE, "DEBUG", "DROP-CLUSTER-PACKET-FILTER", "-1")).isEqualTo("+OK\r\n");
        // As in Redis, a node waiting for the PONG of its last PING sends no other until the link is new.
        assertThat(call(NODE, "DEBUG", "CLUSTERLINK", "KILL", "to", redisId)).isEqualTo("+OK\r\n");
        await("PONGs read again", 20_000, () -> pongReceived(NODE, redisId) > pongWhileDropping);
    }

    /** The replies to malformed requests, which must not depend on the server. */
    private static List<String> debugReplies(String host, String peerId) {
        List<String> replies = new ArrayList<>();
        try (RawConnection c = new RawConnection(host, 6379)) {
            // Redis answers an unknown direction with its error and then with OK.
            replies.add(c.callString("DEBUG", "CLUSTERLINK", "KILL", "sideways", peerId) + c.readReplyString());
            replies.add(c.callString("DEBUG", "CLUSTERLINK", "KILL", "to", "nosuchnode"));
            replies.add(c.callString("DEBUG", "CLUSTERLINK", "KILL", "to"));
            replies.add(c.callString("DEBUG", "DROP-CLUSTER-PACKET-FILTER", "x"));
            replies.add(c.callString("DEBUG", "DROP-CLUSTER-PACKET-FILTER", "-1"));
        }
        return replies;
    }

    private static String nodesLine(String host, String id) {
        for (String line : call(host, "CLUSTER", "NODES").split("\n")) {
            if (line.startsWith(id + " ")) {
                return line;
            }
        }
        return "";
    }

    private static boolean connected(String host, String peerId) {
        String line = nodesLine(host, peerId);
        return line.contains(" connected") && !line.contains("handshake");
    }

    /** CLUSTER NODES's pong-recv field for the peer. */
    private static long pongReceived(String host, String peerId) {
        return Long.parseLong(nodesLine(host, peerId).split(" ")[5]);
    }

    private static List<Long> linkCreateTimes(String host) {
        List<Long> times = new ArrayList<>();
        Matcher m = Pattern.compile("create-time\r\n:(\\d+)").matcher(call(host, "CLUSTER", "LINKS"));
        while (m.find()) {
            times.add(Long.parseLong(m.group(1)));
        }
        return times;
    }
}
