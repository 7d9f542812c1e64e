package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * cluster-link-sendbuf-limit: a link whose send buffer outgrows the limit (its peer stopped reading) is closed
 * and counted in CLUSTER INFO, and a new link to the peer is opened, as Redis's cluster test 24-links checks.
 * The peer is a redis-server frozen with SIGSTOP; the data node publishes 128 KB messages, which the bus
 * broadcasts to it.
 */
class LinkSendBufferLimitTest {
    private static final String NODE = "127.0.181.3";
    private static final String PEER = "127.0.181.4";
    private static final int MAX_MESSAGES = 200;
    private static final Pattern OUTBOUND_CREATE_TIME = Pattern.compile(
            "\\$9\r\ndirection\r\n\\$2\r\nto\r\n\\$4\r\nnode\r\n\\$40\r\n(\\w{40})\r\n\\$11\r\ncreate-time\r\n:(\\d+)\r\n");

    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15000);

    @Test
    void aLinkOverTheSendBufferLimitIsClosedCountedAndReopened() throws Exception {
        cluster.dataNode(NODE);
        RedisServerProcess peer = cluster.redis(PEER);
        assertThat(call(NODE, "CLUSTER", "ADDSLOTSRANGE", "0", "8191")).isEqualTo("+OK\r\n");
        assertThat(call(PEER, "CLUSTER", "ADDSLOTSRANGE", "8192", "16383")).isEqualTo("+OK\r\n");
        assertThat(call(NODE, "CLUSTER", "MEET", PEER, "6379")).isEqualTo("+OK\r\n");
        for (String host : List.of(NODE, PEER)) {
            await("cluster ok on " + host, 30_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
        String peerId = myId(PEER);
        await("a link to the peer", 10_000, () -> outboundLinkCreated(peerId) > 0);
        long firstLink = outboundLinkCreated(peerId);
        // A timeout would close the link to the frozen peer too, and hide whether the limit did.
        assertThat(call(NODE, "CONFIG", "SET", "cluster-node-timeout", "3600000")).isEqualTo("+OK\r\n");
        assertThat(call(NODE, "CONFIG", "SET", "cluster-link-sendbuf-limit", "262144")).isEqualTo("+OK\r\n");
        assertThat(limitExceeded()).isZero();

        String message = "x".repeat(128 * 1024);
        signal("STOP", peer);
        try {
            for (int i = 0; i < MAX_MESSAGES && limitExceeded() == 0; i++) {
                call(NODE, "PUBLISH", "channel", message);
                TimeUnit.MILLISECONDS.sleep(50);
            }
            assertThat(limitExceeded()).as("links closed over the limit").isEqualTo(1);
            await("a new link to the peer", 10_000, () -> outboundLinkCreated(peerId) > firstLink);
        } finally {
            signal("CONT", peer);
        }
    }

    private static long limitExceeded() {
        Matcher m = Pattern.compile("total_cluster_links_buffer_limit_exceeded:(\\d+)")
                .matcher(call(NODE, "CLUSTER", "INFO"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The create-time of the node's outbound link to peerId, 0 when it has none. */
    private static long outboundLinkCreated(String peerId) {
        Matcher m = OUTBOUND_CREATE_TIME.matcher(call(NODE, "CLUSTER", "LINKS"));
        while (m.find()) {
            if (m.group(1).equals(peerId)) {
                return Long.parseLong(m.group(2));
            }
        }
        return 0;
    }

    private static void signal(String signal, RedisServerProcess p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
