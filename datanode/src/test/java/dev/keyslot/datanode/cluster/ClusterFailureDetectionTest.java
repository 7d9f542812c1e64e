package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose process is gone refuses connections, and the data nodes take that as a failure well before
 * the node timeout: FAIL (agreed by the majority of masters) comes within a fraction of it.
 */
class ClusterFailureDetectionTest {
    private static final List<String> HOSTS = List.of("127.0.2.31", "127.0.2.32", "127.0.2.33");
    private static final long NODE_TIMEOUT = 15_000;
    private final List<EmbeddedDataNode> nodes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopAll() {
        nodes.forEach(EmbeddedDataNode::close);
    }

    @Test
    void aNodeThatRefusesConnectionsIsFailedBeforeTheNodeTimeout() throws Exception {
        for (String host : HOSTS) {
            nodes.add(EmbeddedDataNode.startOn(host, 6379, "--cluster-enabled", "yes",
                    "--cluster-node-timeout", Long.toString(NODE_TIMEOUT), "--bind-source-addr", host,
                    "--dir", Files.createDirectories(dir.resolve(host)).toString()));
        }
        call(HOSTS.get(0), "CLUSTER", "MEET", HOSTS.get(1), "6379");
        call(HOSTS.get(0), "CLUSTER", "MEET", HOSTS.get(2), "6379");
        call(HOSTS.get(0), "CLUSTER", "ADDSLOTSRANGE", "0", "5460");
        call(HOSTS.get(1), "CLUSTER", "ADDSLOTSRANGE", "5461", "10922");
        call(HOSTS.get(2), "CLUSTER", "ADDSLOTSRANGE", "10923", "16383");
        for (String host : HOSTS) {
            await("cluster ok on " + host, 30_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
        String victim = call(HOSTS.get(2), "CLUSTER", "MYID").split("\r\n")[1];
        nodes.remove(2).close();
        long stopped = System.currentTimeMillis();
        await("the first node marks the victim failed", NODE_TIMEOUT,
                () -> call(HOSTS.get(0), "CLUSTER", "NODES").contains(victim + " " + HOSTS.get(2)
                + ":6379@16379 master,fail"));
        assertThat(System.currentTimeMillis() - stopped).isLessThan(NODE_TIMEOUT / 2);
        await("the second node marks the victim failed", NODE_TIMEOUT,
                () -> call(HOSTS.get(1), "CLUSTER", "NODES").contains(victim + " " + HOSTS.get(2)
                + ":6379@16379 master,fail"));
    }


}
