package dev.keyslot.operator.simulator;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RespConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A class data sharing archive of the data node jar, so that the many node JVMs a simulated cluster starts map the
 * classes a node loads instead of loading and verifying them each time (about 40% less CPU to start a node). It is
 * made once per jar, next to it, by a training node that answers a few cluster and server commands and shuts down,
 * the JVM writing the classes it loaded as it exits. Without an archive nodes start as before: the archive only
 * speeds them up.
 */
final class DataNodeClassArchive {
    private static final Logger LOG = LoggerFactory.getLogger(DataNodeClassArchive.class);
    private static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(60);
    private static final int TRAINING_ATTEMPTS = 3;

    /** What {@link #options} found for the jar last asked about, failures included, so each jar is tried once. */
    private static List<String> triedOptions = List.of();
    private static Path triedJar;
    private static long triedJarModified;

    private DataNodeClassArchive() {
    }

    /**
     * The JVM options that use the jar's archive, creating it first when it is missing or older than the jar; none
     * when it cannot be made (e.g. a read-only directory).
     */
    static synchronized List<String> options(String java, List<String> javaOptions, Path nodeJar) {
        try {
            long modified = Files.getLastModifiedTime(nodeJar).toMillis();
            if (!(nodeJar.equals(triedJar) && modified == triedJarModified)) {
                triedJar = nodeJar;
                triedJarModified = modified;
                triedOptions = List.of();
                triedOptions = List.of("-XX:SharedArchiveFile=" + archiveFor(java, javaOptions, nodeJar, modified));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("data nodes start without a class data sharing archive: {}", e.toString());
        }
        return triedOptions;
    }

    /** Test JVMs running at once share the archive: the first makes it while the others wait on the lock. */
    private static Path archiveFor(String java, List<String> javaOptions, Path jar, long jarModified) throws IOException {
        Path archive = jar.resolveSibling(jar.getFileName() + ".jsa");
        try (FileChannel lockFile = FileChannel.open(jar.resolveSibling(jar.getFileName() + ".jsa.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            if (Files.isRegularFile(archive) && Files.getLastModifiedTime(archive).toMillis() > jarModified) {
                return archive;
            }
            // written beside the archive, so that the move that publishes it is atomic
            Path written = jar.resolveSibling(jar.getFileName() + ".jsa.tmp");
            Files.deleteIfExists(written);
            train(java, javaOptions, jar, written);
            Files.move(written, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("class data sharing archive for {} written to {}", jar, archive);
            return archive;
        }
    }

    /**
     * Runs training nodes until one wrote the archive, each on a new port: a free port can be taken by another test
     * JVM between the check and the node's bind, and then the node exits or, worse, another server answers.
     */
    private static void train(String java, List<String> javaOptions, Path jar, Path archive) throws IOException {
        RuntimeException failure = null;
        for (int attempt = 0; attempt < TRAINING_ATTEMPTS; attempt++) {
            Path dir = Files.createTempDirectory("keyslot-cds");
            try {
                trainOnce(java, javaOptions, jar, archive, dir);
                return;
            } catch (RuntimeException e) {
                LOG.info("class data sharing training attempt {} failed: {}", attempt + 1, e.toString());
                failure = e;
                Files.deleteIfExists(archive);
            }
        }
        throw failure;
    }

    private static void trainOnce(String java, List<String> javaOptions, Path jar, Path archive, Path dir) throws IOException {
        int port = freePortWithBusPort();
        // Every connection authenticates first, so that no command reaches a server of another test on this port.
        String password = UUID.randomUUID().toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:ArchiveClassesAtExit=" + archive));
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--cluster-enabled", "yes", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--requirepass", password));
        NodeAddress address = new NodeAddress("127.0.0.1", port);
        NodeProcess node = NodeProcess.start(command, address, dir.resolve("training.log"));
        try {
            node.awaitReady(TRAINING_TIMEOUT);
            try (RespConnection connection = RespConnection.open(address, TRAINING_TIMEOUT)) {
                connection.call("AUTH", password);
                connection.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
                connection.call("CLUSTER", "NODES");
                connection.call("INFO");
            }
            try (RespConnection connection = RespConnection.open(address, TRAINING_TIMEOUT)) {
                connection.call("AUTH", password);
                connection.call("SHUTDOWN", "NOSAVE");
            } catch (UncheckedIOException expected) {
                // SHUTDOWN answers by closing the connection
            }
            if (!node.awaitExit(TRAINING_TIMEOUT) || !Files.isRegularFile(archive)) {
                throw new IllegalStateException("the training node wrote no archive; see " + dir.resolve("training.log"));
            }
        } finally {
            node.kill();
        }
    }

    /** A free port whose cluster bus port (port + 10000) is free too. */
    private static int freePortWithBusPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket client = new ServerSocket(0)) {
                int port = client.getLocalPort();
                if (port + 10000 > 65535) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(port + 10000)) {
                    return port;
                } catch (IOException taken) {
                    // try another pair
                }
            }
        }
        throw new IOException("no free port pair (p, p + 10000) for the training node");
    }
}
