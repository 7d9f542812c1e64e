package dev.keyslot.datanode.clients;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
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
        String python = PythonRedis.interpreter();
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            assertThat(run(python, "redis_py_standalone.py", redis.host(), redis.port())).endsWith("OK");
        }
        try (EmbeddedDataNode node = EmbeddedDataNode.start()) {
            assertThat(run(python, "redis_py_standalone.py", node.host(), node.port())).endsWith("OK");
        }
    }

    @Test
    void redisClusterRoutesFollowsRedirectsAndReadsReplicas() throws Exception {
        String python = PythonRedis.interpreter();
        for (String host : HOSTS) {
            cluster.dataNode(host);
        }
        List<String> create = new ArrayList<>(List.of(RedisServerProcess.requireTool("redis-cli"), "--cluster", "create"));
        HOSTS.forEach(h -> create.add(h + ":6379"));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        assertThat(exec(create)).contains("[OK] All 16384 slots covered.");
        for (String host : HOSTS) {
            await("cluster ok on " + host, 30_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
            await("replication link up on " + host, 30_000, () -> {
                String info = call(host, "INFO", "replication");
                return info.contains("role:master") || info.contains("master_link_status:up");
            });
        }
        // redis-py takes its topology from CLUSTER SLOTS: every node must list the replicas by now.
        for (String host : HOSTS) {
            await("replicas in CLUSTER SLOTS on " + host, 30_000,
                    () -> call(host, "CLUSTER", "SLOTS").split("127\\.0\\.88\\.").length - 1 == 6);
        }
        assertThat(run(python, "redis_py_cluster.py", HOSTS.get(0), 6379)).endsWith("OK");
    }

    private static String run(String python, String script, String host, int port) {
        return exec(List.of(python, scriptPath(script), host, Integer.toString(port))).trim();
    }

    private static String scriptPath(String name) {
        try {
            return Path.of(RedisPyClientTest.class.getResource("/clients/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs a command to its end (at most two minutes, then it is killed); its exit status must be 0. Returns
     * what it printed, standard error included (a Python traceback says what failed).
     */
    private static String exec(List<String> command) {
        try {
            Path output = Files.createTempFile("client-test", ".out");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
                boolean finished = p.waitFor(120, TimeUnit.SECONDS);
                if (!finished) {
                    p.destroyForcibly();
                }
                String out = Files.readString(output);
                assertThat(finished).as("%s finished in time%n%s", command, out).isTrue();
                assertThat(p.exitValue()).as("%s%n%s", command, out).isZero();
                return out;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
