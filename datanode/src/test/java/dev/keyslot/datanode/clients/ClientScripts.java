package dev.keyslot.datanode.clients;

import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RedisServerProcess;

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

/** Runs the client scripts of other languages' Redis clients, and the cluster they talk to. */
final class ClientScripts {
    private ClientScripts() {
    }

    /** Runs a script of src/test/resources/clients against host:port; returns what it printed, trimmed. */
    static String run(ClientRuntime runtime, String script, String host, int port) {
        return exec(runtime.script(path(script), List.of(host, Integer.toString(port)))).trim();
    }

    /**
     * Data nodes on the hosts (port 6379), made a cluster of masters with a replica each by
     * {@code redis-cli --cluster create}; returns once every node is ok, every replica linked and every node's
     * CLUSTER SLOTS lists them all (clients take their topology from it).
     */
    static void createCluster(LoopbackCluster cluster, List<String> hosts) throws InterruptedException {
        for (String host : hosts) {
            cluster.dataNode(host);
        }
        List<String> create = new ArrayList<>(List.of(RedisServerProcess.requireTool("redis-cli"), "--cluster", "create"));
        hosts.forEach(h -> create.add(h + ":6379"));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        assertThat(exec(new ProcessBuilder(create))).contains("[OK] All 16384 slots covered.");
        for (String host : hosts) {
            await("cluster ok on " + host, 30_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
            await("replication link up on " + host, 30_000, () -> {
                String info = call(host, "INFO", "replication");
                return info.contains("role:master") || info.contains("master_link_status:up");
            });
        }
        String prefix = hosts.get(0).substring(0, hosts.get(0).lastIndexOf('.') + 1);
        for (String host : hosts) {
            await("replicas in CLUSTER SLOTS on " + host, 30_000,
                    () -> call(host, "CLUSTER", "SLOTS").split(prefix.replace(".", "\\.")).length - 1 == hosts.size());
        }
    }

    private static String path(String name) {
        try {
            return Path.of(ClientScripts.class.getResource("/clients/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs a command to its end (at most two minutes, then it is killed); its exit status must be 0. Returns
     * what it printed, standard error included (a traceback says what failed).
     */
    private static String exec(ProcessBuilder command) {
        try {
            Path output = Files.createTempFile("client-test", ".out");
            try {
                Process p = command.redirectErrorStream(true).redirectOutput(output.toFile()).start();
                boolean finished = p.waitFor(120, TimeUnit.SECONDS);
                if (!finished) {
                    p.destroyForcibly();
                }
                String out = Files.readString(output);
                assertThat(finished).as("%s finished in time%n%s", command.command(), out).isTrue();
                assertThat(p.exitValue()).as("%s%n%s", command.command(), out).isZero();
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
