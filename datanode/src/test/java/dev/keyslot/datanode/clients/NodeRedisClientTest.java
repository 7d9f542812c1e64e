package dev.keyslot.datanode.clients;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.keyslot.datanode.clients.ClientRuntime.NODE_REDIS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * node-redis, the Node.js client (the npm package "redis" v4), unchanged (Debian's node-redis): the scripts under
 * src/test/resources/clients run against redis-server 7.0 first, which shows the script itself is right, then
 * against the data node, standalone and as a cluster of three masters with a replica each.
 */
class NodeRedisClientTest {
    private static final List<String> HOSTS = List.of("127.0.87.1", "127.0.87.2", "127.0.87.3", "127.0.87.4",
            "127.0.87.5", "127.0.87.6");

    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(3000);

    @Test
    void standaloneCallsBehaveAsOnRedis() {
        NODE_REDIS.require();
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            assertThat(ClientScripts.run(NODE_REDIS, "node_redis_standalone.js", redis.host(), redis.port())).endsWith("OK");
        }
        try (EmbeddedDataNode node = EmbeddedDataNode.start()) {
            assertThat(ClientScripts.run(NODE_REDIS, "node_redis_standalone.js", node.host(), node.port())).endsWith("OK");
        }
    }

    @Test
    void createClusterRoutesFollowsRedirectsAndReadsReplicas() throws InterruptedException {
        NODE_REDIS.require();
        ClientScripts.createCluster(cluster, HOSTS);
        assertThat(ClientScripts.run(NODE_REDIS, "node_redis_cluster.js", HOSTS.get(0), 6379)).endsWith("OK");
    }
}
