package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster node restarting with a dataset answers -LOADING until its cluster configuration is in place, as
 * redis-server (which loads nodes.conf before the dataset): CLUSTER INFO never says cluster support is
 * disabled and keys are never served unrouted in between. Redis's cluster test suite polls CLUSTER INFO
 * right after restarting a node.
 */
class ClusterStartupLoadingTest {
    private static final long STARTUP_BUDGET_NANOS = 60_000_000_000L;

    @Test
    void restartedNodeIsLoadingUntilItsClusterIsUp() throws Exception {
        Path dir = Files.createTempDirectory("keyslot-restart");
        int port = Ports.free();
        String[] args = {"--dir", dir.toString(), "--cluster-enabled", "yes", "--enable-debug-command", "yes"};
        try (EmbeddedDataNode first = EmbeddedDataNode.startOn("127.0.0.1", port, args);
             RawConnection c = new RawConnection("127.0.0.1", port)) {
            assertThat(c.callString("CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
            assertThat(c.callString("DEBUG", "POPULATE", "100000")).isEqualTo("+OK\r\n");
            assertThat(c.callString("SAVE")).isEqualTo("+OK\r\n");
        }
        CompletableFuture<EmbeddedDataNode> restarted = CompletableFuture.supplyAsync(
                () -> EmbeddedDataNode.startOn("127.0.0.1", port, args));
        try {
            assertThat(repliesUntilClusterIsUp(port)).noneMatch(r -> r.contains("cluster support disabled"));
        } finally {
            restarted.get().close();
        }
    }

    /** The distinct replies to CLUSTER INFO from the first accepted connection until one describes the cluster. */
    private static Set<String> repliesUntilClusterIsUp(int port) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP_BUDGET_NANOS;
        Set<String> replies = new LinkedHashSet<>();
        while (System.nanoTime() < deadline) {
            try (RawConnection c = new RawConnection("127.0.0.1", port)) {
                while (System.nanoTime() < deadline) {
                    String reply = c.callString("CLUSTER", "INFO");
                    replies.add(reply);
                    if (reply.contains("cluster_state:")) {
                        return replies;
                    }
                }
            } catch (IllegalStateException notListeningYet) {
                Thread.sleep(1);
            }
        }
        throw new AssertionError("the restarted node never described its cluster; replies: " + replies);
    }
}
