package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.ToolRun;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster made only of data nodes, created and checked with redis-cli --cluster, then used through the
 * cluster clients applications use: redis-cli -c, JedisCluster and Lettuce's RedisClusterClient.
 */
class DataNodeClusterToolsTest {
    private static final List<String> HOSTS = List.of("127.0.2.11", "127.0.2.12", "127.0.2.13");
    private static final List<EmbeddedDataNode> NODES = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void createCluster() throws Exception {
        for (String host : HOSTS) {
            Path nodeDir = Files.createDirectories(dir.resolve(host));
            NODES.add(EmbeddedDataNode.startOn(host, 6379, "--cluster-enabled", "yes", "--cluster-node-timeout", "3000",
                    "--dir", nodeDir.toString(), "--bind-source-addr", host));
        }
        List<String> create = new ArrayList<>(List.of(RedisServerProcess.requireTool("redis-cli"), "--cluster", "create"));
        for (String host : HOSTS) {
            create.add(host + ":6379");
        }
        create.add("--cluster-yes");
        String out = run(create);
        assertThat(out).contains("[OK] All 16384 slots covered.");
        long deadline = System.currentTimeMillis() + 20_000;
        for (String host : HOSTS) {
            while (!info(host).contains("cluster_state:ok")) {
                assertThat(System.currentTimeMillis()).as("cluster_state:ok on %s", host).isLessThan(deadline);
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    @AfterAll
    static void stop() {
        NODES.forEach(EmbeddedDataNode::close);
    }

    private static String info(String host) {
        try (RawConnection c = new RawConnection(host, 6379)) {
            return c.callString("CLUSTER", "INFO");
        }
    }

    private static String run(List<String> command) throws Exception {
        return ToolRun.succeeding(command, 60);
    }

    @Test
    void redisCliChecksTheClusterAndRoutesKeys() throws Exception {
        String cli = RedisServerProcess.requireTool("redis-cli");
        String check = run(List.of(cli, "--cluster", "check", HOSTS.get(0) + ":6379"));
        assertThat(check).contains("[OK] All nodes agree about slots configuration.")
                .contains("[OK] All 16384 slots covered.").doesNotContain("[ERR]");
        assertThat(run(List.of(cli, "-c", "-h", HOSTS.get(1), "-p", "6379", "SET", "foo", "bar")).trim()).isEqualTo("OK");
        assertThat(run(List.of(cli, "-c", "-h", HOSTS.get(0), "-p", "6379", "GET", "foo")).trim()).isEqualTo("bar");
        assertThat(info(HOSTS.get(2))).contains("cluster_known_nodes:3").contains("cluster_size:3");
    }

    @Test
    void jedisClusterWritesAndReadsAcrossSlots() {
        try (JedisCluster cluster = new JedisCluster(Set.of(new HostAndPort(HOSTS.get(0), 6379)))) {
            for (int i = 0; i < 500; i++) {
                cluster.set("jedis:" + i, "v" + i);
            }
            for (int i = 0; i < 500; i++) {
                assertThat(cluster.get("jedis:" + i)).isEqualTo("v" + i);
            }
            assertThat(cluster.mset("{tag}a", "1", "{tag}b", "2")).isEqualTo("OK");
            assertThat(cluster.mget("{tag}a", "{tag}b")).containsExactly("1", "2");
        }
    }

    @Test
    void lettuceClusterClientDiscoversTopologyAndRoutes() {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create(HOSTS.get(1), 6379));
        try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
            for (int i = 0; i < 300; i++) {
                conn.sync().set("lettuce:" + i, Integer.toString(i));
            }
            for (int i = 0; i < 300; i++) {
                assertThat(conn.sync().get("lettuce:" + i)).isEqualTo(Integer.toString(i));
            }
            assertThat(client.getPartitions().size()).isEqualTo(3);
        } finally {
            client.shutdown();
        }
    }
}
