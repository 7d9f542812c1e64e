package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.DataNode;
import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica with appendonly yes that cannot turn its AOF on again after a full sync exits, as redis-server 7.0
 * does (restartAOFAfterSYNC): ten attempts a second apart, then a FATAL line and status 1. The AOF directory is
 * replaced by a file after the first sync (the tests run as root, whom a chmod would not stop), so the second sync's
 * restart fails. The data node runs as its own process; a redis-server replica goes through the same steps.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReplicaAofRestartFailureTest {
    private static final String RETRY = "Failed enabling the AOF after successful master synchronization! Trying it again"
            + " in one second.";
    private static final String FATAL = "FATAL: this replica instance finished the synchronization with its master, but"
            + " the AOF can't be turned on. Exiting now.";

    @TempDir
    Path dir;

    @Test
    void aReplicaThatCannotTurnItsAofBackOnAfterASyncExitsLikeRedis() throws Exception {
        try (RedisServerProcess first = master("first");
             RedisServerProcess second = master("second");
             RedisServerProcess reference = RedisServerProcess.start("--appendonly", "yes")) {
            Endpoint redisReplica = new Endpoint(reference.host(), reference.port());
            int port = Ports.free();
            Process node = startDataNode(port);
            try {
                Ports.awaitListening("127.0.0.1", port, 30_000);
                Endpoint nodeReplica = new Endpoint("127.0.0.1", port);
                for (Endpoint replica : List.of(redisReplica, nodeReplica)) {
                    follow(replica, first);
                }
                blockAofDirectory(reference.dir());
                blockAofDirectory(dir);
                long resynced = System.nanoTime();
                for (Endpoint replica : List.of(redisReplica, nodeReplica)) {
                    replicaOf(replica, second);
                }

                assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("the data node exits").isTrue();
                assertThat(node.exitValue()).isEqualTo(1);
                assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - resynced)).as("ten attempts a second apart")
                        .isGreaterThanOrEqualTo(9);
                Datasets.await("redis-server exiting", 60_000, () -> ProcessHandle.of(reference.pid())
                        .map(p -> !p.isAlive()).orElse(true));
                String redisLog = Files.readString(reference.dir().resolve("redis.log"), StandardCharsets.ISO_8859_1);
                String nodeLog = Files.readString(dir.resolve("node.log"), StandardCharsets.ISO_8859_1);
                for (String log : List.of(redisLog, nodeLog)) {
                    assertThat(count(log, RETRY)).isEqualTo(10);
                    assertThat(log).contains(FATAL)
                            .contains("Can't open or create append-only dir appendonlydir: Not a directory");
                }
            } finally {
                node.destroyForcibly();
                node.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private Process startDataNode(int port) throws IOException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DataNode.class.getName(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--appendonly", "yes");
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node.log").toFile()).start();
    }

    /** A file where the AOF directory was: its files stay open, but no new one can be made. */
    private static void blockAofDirectory(Path dataDir) throws IOException {
        Files.move(dataDir.resolve("appendonlydir"), dataDir.resolve("appendonlydir.moved"));
        Files.writeString(dataDir.resolve("appendonlydir"), "in the way");
    }

    /** Follows the master and waits until in sync with the AOF rewritten after the sync. */
    private static void follow(Endpoint replica, RedisServerProcess master) {
        replicaOf(replica, master);
        Datasets.awaitInSync(new Endpoint(master.host(), master.port()), replica, 60_000);
        Datasets.await("the AOF rewritten after the sync", 30_000, () ->
                "1".equals(Datasets.info(replica.host(), replica.port(), "aof_enabled"))
                        && "0".equals(Datasets.info(replica.host(), replica.port(), "aof_rewrite_in_progress")));
    }

    private static void replicaOf(Endpoint replica, RedisServerProcess master) {
        try (RawConnection conn = new RawConnection(replica.host(), replica.port())) {
            assertThat(conn.callString("REPLICAOF", master.host(), Integer.toString(master.port()))).isEqualTo("+OK\r\n");
        }
    }

    private static RedisServerProcess master(String prefix) {
        RedisServerProcess master = RedisServerProcess.start("--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0");
        try (RawConnection conn = new RawConnection(master.host(), master.port())) {
            assertThat(conn.callString("DEBUG", "POPULATE", "100", prefix)).isEqualTo("+OK\r\n");
        }
        return master;
    }

    private static int count(String text, String line) {
        Matcher m = Pattern.compile(Pattern.quote(line)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
