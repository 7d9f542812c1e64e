package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.formThreeMasters;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose process is gone refuses connections, and the data nodes take that as a failure well before
 * the node timeout: FAIL (agreed by the majority of masters) comes within a fraction of it.
 */
class ClusterFailureDetectionTest {
    private static final List<String> HOSTS = List.of("127.0.2.31", "127.0.2.32", "127.0.2.33");
    private static final long NODE_TIMEOUT = 15_000;
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(NODE_TIMEOUT);

    @Test
    void aNodeThatRefusesConnectionsIsFailedBeforeTheNodeTimeout() throws Exception {
        List<EmbeddedDataNode> nodes = HOSTS.stream().map(cluster::dataNode).toList();
        formThreeMasters(HOSTS);
        String victim = call(HOSTS.get(2), "CLUSTER", "MYID").split("\r\n")[1];
        cluster.stop(nodes.get(2));
        long stopped = System.currentTimeMillis();
        try {
            await("the first node marks the victim failed", NODE_TIMEOUT,
                    () -> call(HOSTS.get(0), "CLUSTER", "NODES").contains(victim + " " + HOSTS.get(2)
                    + ":6379@16379 master,fail"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the survivors' views:\n" + call(HOSTS.get(0), "CLUSTER", "NODES")
                    + "\n" + call(HOSTS.get(1), "CLUSTER", "NODES"), e);
        }
        assertThat(System.currentTimeMillis() - stopped).isLessThan(NODE_TIMEOUT / 2);
        await("the second node marks the victim failed", NODE_TIMEOUT,
                () -> call(HOSTS.get(1), "CLUSTER", "NODES").contains(victim + " " + HOSTS.get(2)
                + ":6379@16379 master,fail"));
    }


}
