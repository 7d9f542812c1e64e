package dev.keyslot.datanode.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cluster-mode nodes of one test, data nodes and redis-servers alike, each on its own loopback address at
 * port 6379 as pods are, with their links leaving from that address. Registered with {@code @RegisterExtension};
 * every node still running is stopped after each test. A data node keeps one directory per address for the
 * whole test, so a node restarted on the same address finds its nodes.conf and data again.
 */
public final class LoopbackCluster implements AfterEachCallback {
    private final String nodeTimeoutMillis;
    private final List<AutoCloseable> running = new ArrayList<>();
    private Path root;

    public LoopbackCluster(long nodeTimeoutMillis) {
        this.nodeTimeoutMillis = Long.toString(nodeTimeoutMillis);
    }

    /** Starts a data node on host:6379 with cluster mode on; extraArgs are further redis.conf options. */
    public EmbeddedDataNode dataNode(String host, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--dir", directory(host).toString()));
        args.addAll(List.of(extraArgs));
        return track(EmbeddedDataNode.startOn(host, 6379, clusterArgs(host, args)));
    }

    /** Starts redis-server 7.0 on host:6379 with cluster mode on; extraArgs are further redis.conf options. */
    public RedisServerProcess redis(String host, String... extraArgs) {
        return track(RedisServerProcess.startOn(host, 6379, clusterArgs(host, List.of(extraArgs))));
    }

    /** Stops a node now (kill -9 for redis-server); the cluster forgets it, so it is not stopped twice. */
    public void stop(AutoCloseable node) throws Exception {
        running.remove(node);
        node.close();
    }

    /** The directory a data node on host keeps for the whole test. */
    public Path directory(String host) {
        try {
            if (root == null) {
                root = Files.createTempDirectory("keyslot-cluster");
            }
            return Files.createDirectories(root.resolve(host));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        for (AutoCloseable node : running) {
            try {
                node.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        running.clear();
        deleteDirectories();
        if (first != null) {
            throw first;
        }
    }

    private <T extends AutoCloseable> T track(T node) {
        running.add(node);
        return node;
    }

    private String[] clusterArgs(String host, List<String> extraArgs) {
        List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes", "--cluster-node-timeout",
                nodeTimeoutMillis, "--bind-source-addr", host, "--protected-mode", "no"));
        args.addAll(extraArgs);
        return args.toArray(new String[0]);
    }

    private void deleteDirectories() throws IOException {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        root = null;
    }
}
