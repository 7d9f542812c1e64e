package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A diskless load cut short by the master logs Redis's rdbReportError line for a short read from the socket
 * ("Internal error in RDB reading ... assuming connection error, resuming operation."), on a redis-server
 * replica and on the data node alike: operators (and Redis's own tests) look for it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CutDisklessLoadLogTest {
    private static final String SHORT_READ = "Failure loading rdb format from socket, assuming connection error, "
            + "resuming operation.";

    @TempDir
    Path logs;

    @Test
    void aTransferCutDuringTheLoadIsLoggedAsRedisLogsIt() throws Exception {
        String[] replicaArgs = {"--repl-diskless-load", "swapdb"};
        try (RedisServerProcess master = RedisServerProcess.start("--enable-debug-command", "yes",
                "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0", "--rdb-key-save-delay", "2000");
             RedisServerProcess redisReplica = RedisServerProcess.start(replicaArgs);
             EmbeddedDataNode nodeReplica = EmbeddedDataNode.start(replicaArgs);
             RawConnection onMaster = new RawConnection(master.host(), master.port())) {
            assertThat(onMaster.callString("DEBUG", "POPULATE", "2000")).isEqualTo("+OK\r\n");
            Path nodeLog = logs.resolve("node.log");
            nodeReplica.server().log().configure("notice", nodeLog.toString());
            Path redisLog = redisReplica.dir().resolve("redis.log");

            cutTheLoad(onMaster, master.port(), redisReplica.host(), redisReplica.port(), redisLog);
            cutTheLoad(onMaster, master.port(), nodeReplica.host(), nodeReplica.port(), nodeLog);

            assertThat(read(redisLog)).contains("Internal error in RDB reading", SHORT_READ);
            assertThat(read(nodeLog)).contains("Internal error in RDB reading", SHORT_READ);
        }
    }

    /** Starts the replica's sync and, once it loads, kills its link on the master; waits for the failure. */
    private static void cutTheLoad(RawConnection onMaster, int masterPort, String host, int port, Path log) {
        try (RawConnection replica = new RawConnection(host, port)) {
            assertThat(replica.callString("REPLICAOF", "127.0.0.1", Integer.toString(masterPort)))
                    .isEqualTo("+OK\r\n");
        }
        Datasets.await("the replica loading", 20_000, () -> read(log).contains("Loading DB in memory"));
        assertThat(onMaster.callString("CLIENT", "KILL", "TYPE", "replica")).isEqualTo(":1\r\n");
        Datasets.await("the load failing", 20_000, () -> read(log).contains(SHORT_READ));
        try (RawConnection replica = new RawConnection(host, port)) {
            assertThat(replica.callString("REPLICAOF", "NO", "ONE")).isEqualTo("+OK\r\n");
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
