package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoadingView;
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
 * The cluster bus links' send buffers, with a redis-server peer frozen with SIGSTOP while the data node publishes
 * 128 KB messages, which the bus broadcasts to it. cluster-link-sendbuf-limit: a link whose send buffer outgrows
 * the limit is closed and counted in CLUSTER INFO, and a new link to the peer is opened, as Redis's cluster test
 * 24-links checks. INFO mem_cluster_links counts the links as redis-server 7.0 does (each link and its receive
 * buffer, plus what it holds unsent) and used_memory includes it.
 */
class ClusterLinkBuffersTest {
    private static final String NODE = "127.0.181.3";
    private static final String PEER = "127.0.181.4";
    private static final int MAX_MESSAGES = 200;
    /** Two links (outbound and inbound) to the one peer, as Redis 7.0 counts an idle link: 64 + 1024 bytes. */
    private static final long IDLE_LINKS_MEMORY = 2 * 1088;
    private static final long QUEUED = 512 * 1024;
    private static final Pattern OUTBOUND_CREATE_TIME = Pattern.compile(
            "\\$9\r\ndirection\r\n\\$2\r\nto\r\n\\$4\r\nnode\r\n\\$40\r\n(\\w{40})\r\n\\$11\r\ncreate-time\r\n:(\\d+)\r\n");

    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15000);

    @Test
    void aLinkOverTheSendBufferLimitIsClosedCountedAndReopened() throws Exception {
        RedisServerProcess peer = twoShards();
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

    @Test
    void linksMemoryMatchesRedisAndCountsInUsedMemory() throws Exception {
        RedisServerProcess peer = twoShards();
        await("both links counted on both nodes", 10_000, () -> memoryField(PEER, "mem_cluster_links")
                == IDLE_LINKS_MEMORY && linksMemory() == IDLE_LINKS_MEMORY);
        long usedBefore = memoryField(NODE, "used_memory");
        // A timeout would close the link to the frozen peer and drop what it holds.
        assertThat(call(NODE, "CONFIG", "SET", "cluster-node-timeout", "3600000")).isEqualTo("+OK\r\n");

        String message = "x".repeat(128 * 1024);
        signal("STOP", peer);
        try {
            for (int i = 0; i < MAX_MESSAGES && linksMemory() < QUEUED; i++) {
                call(NODE, "PUBLISH", "channel", message);
                TimeUnit.MILLISECONDS.sleep(50);
            }
            long queued = linksMemory();
            assertThat(queued).as("mem_cluster_links with the peer stopped").isGreaterThanOrEqualTo(QUEUED);
            assertThat(memoryField(NODE, "used_memory")).as("used_memory with the peer stopped")
                    .isGreaterThanOrEqualTo(usedBefore + queued - IDLE_LINKS_MEMORY - 64 * 1024);
        } finally {
            signal("CONT", peer);
        }
        await("the peer read what was queued", 10_000, () -> linksMemory() == IDLE_LINKS_MEMORY);
    }

    /** The data node and a redis-server peer, half of the slots each, both seeing cluster_state:ok. */
    private RedisServerProcess twoShards() throws Exception {
        cluster.dataNode(NODE);
        RedisServerProcess peer = cluster.redis(PEER);
        assertThat(call(NODE, "CLUSTER", "ADDSLOTSRANGE", "0", "8191")).isEqualTo("+OK\r\n");
        assertThat(call(PEER, "CLUSTER", "ADDSLOTSRANGE", "8192", "16383")).isEqualTo("+OK\r\n");
        assertThat(call(NODE, "CLUSTER", "MEET", PEER, "6379")).isEqualTo("+OK\r\n");
        for (String host : List.of(NODE, PEER)) {
            await("cluster ok on " + host, 30_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
        return peer;
    }

    private static long linksMemory() {
        return memoryField(NODE, "mem_cluster_links");
    }

    private static long memoryField(String host, String field) {
        return LoadingView.number(call(host, "INFO", "memory"), field);
    }

    private static long limitExceeded() {
        return LoadingView.number(call(NODE, "CLUSTER", "INFO"), "total_cluster_links_buffer_limit_exceeded");
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
