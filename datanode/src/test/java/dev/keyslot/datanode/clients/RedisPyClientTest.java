package dev.keyslot.datanode.clients;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.keyslot.datanode.clients.ClientRuntime.REDIS_PY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * redis-py, the Python client, unchanged (Debian's python3-redis): the scripts under
 * src/test/resources/clients run against redis-server 7.0 first, which shows the script itself is right, then
 * against the data node, standalone and as a cluster of three masters with a replica each.
 */
class RedisPyClientTest {
    private static final List<String> HOSTS = List.of("127.0.88.1", "127.0.88.2", "127.0.88.3", "127.0.88.4",
            "127.0.88.5", "127.0.88.6");

    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(3000);

    @Test
    void standaloneCallsBehaveAsOnRedis() {
        REDIS_PY.require();
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            assertThat(ClientScripts.run(REDIS_PY, "redis_py_standalone.py", redis.host(), redis.port())).endsWith("OK");
        }
        try (EmbeddedDataNode node = EmbeddedDataNode.start()) {
            assertThat(ClientScripts.run(REDIS_PY, "redis_py_standalone.py", node.host(), node.port())).endsWith("OK");
        }
    }

    @Test
    void redisClusterRoutesFollowsRedirectsAndReadsReplicas() throws InterruptedException {
        REDIS_PY.require();
        ClientScripts.createCluster(cluster, HOSTS);
        assertThat(ClientScripts.run(REDIS_PY, "redis_py_cluster.py", HOSTS.get(0), 6379)).endsWith("OK");
    }
}
