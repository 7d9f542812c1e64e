package dev.keyslot.operator.testing;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.OperatorAcl;
import dev.keyslot.operator.simulator.NodeProcess;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Cluster-enabled redis-server processes on their own loopback addresses (127.0.1.x or {@link TestSubnet}, port 6379, bus 16379),
 * as in a pod network. Skips the test without redis-server, except in CI where it must be installed.
 */
public final class TestNodes implements AutoCloseable {
    public static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");

    private final List<NodeProcess> processes = new ArrayList<>();
    private final Path dir;

    private TestNodes(Path dir) {
        this.dir = dir;
    }

    public static void requireRedisServer() {
        if (!Files.isExecutable(REDIS_SERVER)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("redis-server is required in CI: apt-get install -y redis-server");
            }
            Assumptions.abort("redis-server not installed; skipping (apt-get install -y redis-server)");
        }
    }

    /** The password of the operator's ACL user on nodes started with a password. */
    public static final String OPERATOR_PASSWORD = "operator-s3cret";

    /**
     * Starts {@code count} nodes as the operator runs them: the default user with {@code password} (none when
     * null) and, with a password, the operator's ACL user, which replicas also authenticate to their master with.
     * Nodes at 127.0.1.{firstHost}, 127.0.1.{firstHost+1}, ... in parallel.
     */
    public static TestNodes start(int firstHost, int count, String password) {
        requireRedisServer();
        try {
            TestNodes nodes = new TestNodes(Files.createTempDirectory("keyslot-nodes"));
            List<CompletableFuture<NodeProcess>> starting = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String ip = TestSubnet.prefix() + (firstHost + i);
                starting.add(CompletableFuture.supplyAsync(() -> nodes.startOne(ip, password)));
            }
            starting.forEach(f -> nodes.processes.add(f.join()));
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private NodeProcess startOne(String ip, String password) {
        try {
            Path nodeDir = Files.createDirectories(dir.resolve(ip));
            List<String> command = new ArrayList<>(List.of(REDIS_SERVER.toString(),
                    "--bind", ip, "--port", "6379", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "2000", "--dir", nodeDir.toString(), "--save", "", "--appendonly", "no",
                    "--protected-mode", "no", "--cluster-announce-ip", ip));
            if (password != null) {
                command.addAll(List.of("--requirepass", password));
                command.addAll(List.of("--user", OperatorAcl.USER));
                command.addAll(OperatorAcl.RULES);
                command.addAll(List.of(">" + OPERATOR_PASSWORD, "--masteruser", OperatorAcl.USER, "--masterauth", OPERATOR_PASSWORD));
            }
            NodeProcess process = NodeProcess.start(command, NodeAddress.of(ip), nodeDir.resolve("log"));
            process.awaitReady(Duration.ofSeconds(10));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public NodeAddress address(int index) {
        return processes.get(index).address();
    }

    public NodeProcess process(int index) {
        return processes.get(index);
    }

    @Override
    public void close() {
        processes.forEach(NodeProcess::kill);
    }
}
