package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.formThreeMasters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed peer costs the survivors little: they retry its bus port about once a second instead of on every
 * 100 ms cron tick, still reach it within about a second once something listens there again, and keep
 * answering their clients promptly in the seconds after the peer died.
 */
class DeadPeerReconnectTest {
    private static final List<String> HOSTS = List.of("127.0.162.21", "127.0.162.22", "127.0.162.23");
    private static final long NODE_TIMEOUT = 5_000;
    private static final long LISTEN_MILLIS = 4_000;
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(NODE_TIMEOUT);

    @Test
    void aFailedPeerIsRetriedAboutOnceASecondAndReachedAgainWhenItListens() throws Exception {
        List<EmbeddedDataNode> nodes = HOSTS.stream().map(cluster::dataNode).toList();
        formThreeMasters(HOSTS);
        String victim = call(HOSTS.get(2), "CLUSTER", "MYID").split("\r\n")[1];
        cluster.stop(nodes.get(2));
        long slowest = 0;
        for (String survivor : HOSTS.subList(0, 2)) {
            long deadline = System.currentTimeMillis() + 2 * NODE_TIMEOUT;
            while (!call(survivor, "CLUSTER", "NODES").contains(victim + " " + HOSTS.get(2) + ":6379@16379 master,fail")) {
                assertThat(System.currentTimeMillis()).as("%s marks the victim failed", survivor).isLessThan(deadline);
                long sent = System.nanoTime();
                call(survivor, "CLUSTER", "INFO");
                slowest = Math.max(slowest, (System.nanoTime() - sent) / 1_000_000);
                Thread.sleep(20);
            }
        }
        assertThat(slowest).as("slowest CLUSTER INFO (ms) while the survivors fail the victim").isLessThan(2_000);

        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        Map<String, Long> firstAttempt = new ConcurrentHashMap<>();
        long listening;
        try (ServerSocket bus = new ServerSocket()) {
            bus.setReuseAddress(true);
            bus.bind(new InetSocketAddress(HOSTS.get(2), 16379));
            listening = System.currentTimeMillis();
            bus.setSoTimeout(100);
            while (System.currentTimeMillis() - listening < LISTEN_MILLIS) {
                try (Socket peer = bus.accept()) {
                    String from = peer.getInetAddress().getHostAddress();
                    attempts.merge(from, 1, Integer::sum);
                    firstAttempt.putIfAbsent(from, System.currentTimeMillis() - listening);
                } catch (java.net.SocketTimeoutException e) {
                    // nobody connected in this slice; look at the clock again
                }
            }
        }
        for (String survivor : HOSTS.subList(0, 2)) {
            assertThat(firstAttempt.get(survivor)).as("ms until %s reconnects", survivor).isNotNull().isLessThan(3_000);
            // One attempt per 100 ms tick would make about 40.
            assertThat(attempts.get(survivor)).as("connections from %s in %d ms", survivor, LISTEN_MILLIS)
                    .isLessThanOrEqualTo(10);
        }
    }
}
