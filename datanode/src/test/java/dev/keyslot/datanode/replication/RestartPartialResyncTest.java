package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.Ports;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node restarted from the RDB it saved at shutdown takes up the replication position recorded in it, as
 * redis-server 7.0 does: a replica continues its master's stream, and the replicas of a master continue
 * the master's, without a full resynchronization (what a pod restart in a rolling upgrade relies on).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RestartPartialResyncTest {
    private static final String[] FAST_SYNC = {"--repl-diskless-sync-delay", "0"};

    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(3000);

    @TempDir
    Path dir;

    private static String callAt(Endpoint e, String... args) {
        try (RawConnection c = new RawConnection(e.host(), e.port())) {
            return c.callString(args);
        }
    }

    /** SHUTDOWN SAVE: the reply is the connection closing. */
    private static void shutdownSaving(Endpoint e) {
        try (RawConnection c = new RawConnection(e.host(), e.port())) {
            c.send(RawConnection.encode("SHUTDOWN", "SAVE"));
            assertThat(c.isClosedByPeer(30_000)).isTrue();
        }
    }

    /** Writes in database 3, so that the stream continued after the restart relies on the database it recorded. */
    private static void writeInDb3(Endpoint master, String prefix) {
        try (RawConnection c = new RawConnection(master.host(), master.port())) {
            c.call("SELECT", "3");
            for (int i = 0; i < 200; i++) {
                c.call("SET", prefix + i, "v" + i);
            }
            c.call("INCR", prefix + "counter");
        }
    }

    @Test
    void aRestartedReplicaContinuesItsMastersStream() throws Exception {
        int port = Ports.free();
        String replicaDir = Files.createDirectories(dir.resolve("replica")).toString();
        try (RedisServerProcess redis = RedisServerProcess.start(FAST_SYNC)) {
            Endpoint master = new Endpoint(redis.host(), redis.port());
            Endpoint replica = new Endpoint("127.0.0.1", port);
            String[] args = {"--dir", replicaDir, "--replicaof", redis.host(), Integer.toString(redis.port())};
            try (EmbeddedDataNode node = EmbeddedDataNode.startOn("127.0.0.1", port, args)) {
                writeInDb3(master, "before:");
                Datasets.awaitInSync(master, replica);
                shutdownSaving(replica);
            }
            writeInDb3(master, "while-down:");
            try (EmbeddedDataNode node = EmbeddedDataNode.startOn("127.0.0.1", port, args)) {
                Datasets.awaitInSync(master, replica);
                writeInDb3(master, "after:");
                Datasets.awaitInSync(master, replica);
                assertThat(Datasets.read(replica.host(), replica.port())).isEqualTo(Datasets.read(master.host(), master.port()));
                assertThat(Datasets.infoLong(master.host(), master.port(), "sync_full")).isEqualTo(1);
                assertThat(Datasets.infoLong(master.host(), master.port(), "sync_partial_ok")).isEqualTo(1);
            }
        }
    }

    @Test
    void theReplicasOfARestartedMasterContinueItsStream() throws Exception {
        int port = Ports.free();
        String[] args = {"--dir", Files.createDirectories(dir.resolve("master")).toString(), "--repl-diskless-sync-delay", "0"};
        Endpoint master = new Endpoint("127.0.0.1", port);
        try (RedisServerProcess redisReplica = RedisServerProcess.start();
             EmbeddedDataNode nodeReplica = EmbeddedDataNode.start()) {
            Endpoint replica1 = new Endpoint(redisReplica.host(), redisReplica.port());
            Endpoint replica2 = new Endpoint(nodeReplica.host(), nodeReplica.port());
            try (EmbeddedDataNode node = EmbeddedDataNode.startOn("127.0.0.1", port, args)) {
                for (Endpoint replica : new Endpoint[] {replica1, replica2}) {
                    callAt(replica, "REPLICAOF", "127.0.0.1", Integer.toString(port));
                }
                writeInDb3(master, "before:");
                Datasets.awaitInSync(master, replica1);
                Datasets.awaitInSync(master, replica2);
                shutdownSaving(master);
            }
            try (EmbeddedDataNode node = EmbeddedDataNode.startOn("127.0.0.1", port, args)) {
                for (Endpoint replica : new Endpoint[] {replica1, replica2}) {
                    Datasets.awaitInSync(master, replica);
                }
                writeInDb3(master, "after:");
                for (Endpoint replica : new Endpoint[] {replica1, replica2}) {
                    Datasets.awaitInSync(master, replica);
                    assertThat(Datasets.read(replica.host(), replica.port())).isEqualTo(Datasets.read(master.host(), master.port()));
                }
                assertThat(Datasets.infoLong(master.host(), master.port(), "sync_full")).isZero();
                assertThat(Datasets.infoLong(master.host(), master.port(), "sync_partial_ok")).isEqualTo(2);
            }
        }
    }

    /** What INFO shows, relative to the offset saved, once a master restarted with keys expired meanwhile. */
    private record ExpiredAtRestart(long expiredAtLoad, long offsetGrowth, long histlen, long secondOffsetPastSaved,
                                    long firstBytePastSaved, long partialSyncs, String replicaDbsizes) {
    }

    /** A master started by start on the given dir; the same dir and port are used again for its restart. */
    @FunctionalInterface
    private interface MasterStart {
        AutoCloseable start(int port, Path dir) throws Exception;
    }

    /** The key count of databases 0 to 3, logically expired keys included (a replica holds them until told). */
    private static String dbsizes(Endpoint e) {
        StringBuilder out = new StringBuilder();
        try (RawConnection c = new RawConnection(e.host(), e.port())) {
            for (int db = 0; db < 4; db++) {
                c.call("SELECT", Integer.toString(db));
                out.append(c.callString("DBSIZE").trim()).append(' ');
            }
        }
        return out.toString().trim();
    }

    /** The repl-offset auxiliary field of an RDB, as redis-check-rdb reports it. */
    private static long savedReplicationOffset(Path rdb) throws Exception {
        Process check = new ProcessBuilder(RedisServerProcess.requireTool("redis-check-rdb"), rdb.toString())
                .redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Matcher offset = Pattern.compile("AUX FIELD repl-offset = '(\\d+)'").matcher(report);
        assertThat(offset.find()).as("repl-offset in %s", report).isTrue();
        return Long.parseLong(offset.group(1));
    }

    private ExpiredAtRestart restartWithKeysExpired(MasterStart masterStart, Path masterDir) throws Exception {
        int port = Ports.free();
        Endpoint master = new Endpoint("127.0.0.1", port);
        try (EmbeddedDataNode nodeReplica = EmbeddedDataNode.start()) {
            Endpoint replica = new Endpoint(nodeReplica.host(), nodeReplica.port());
            long savedOffset;
            try (AutoCloseable first = masterStart.start(port, masterDir)) {
                callAt(replica, "REPLICAOF", "127.0.0.1", Integer.toString(port));
                callAt(master, "DEBUG", "SET-ACTIVE-EXPIRE", "0");
                writeInDb3(master, "kept:");
                try (RawConnection c = new RawConnection(master.host(), master.port())) {
                    for (int i = 0; i < 40; i++) {
                        c.call("SELECT", Integer.toString(i % 4));
                        c.call("SET", "gone:" + i, "v", "PX", "300");
                    }
                }
                Datasets.await("the replica acknowledged the master's offset", 20_000, () -> {
                    String info = callAt(master, "INFO", "replication");
                    return info.contains(",offset=" + Datasets.infoLong(master.host(), port, "master_repl_offset") + ",");
                });
                shutdownSaving(master);
            }
            // Read from the RDB, not INFO: the master's periodic PING may enter the stream between the two.
            savedOffset = savedReplicationOffset(masterDir.resolve("dump.rdb"));
            Thread.sleep(400);
            try (AutoCloseable second = masterStart.start(port, masterDir)) {
                Datasets.awaitInSync(master, replica);
                return new ExpiredAtRestart(Datasets.infoLong(master.host(), port, "rdb_last_load_keys_expired"),
                        Datasets.infoLong(master.host(), port, "master_repl_offset") - savedOffset,
                        Datasets.infoLong(master.host(), port, "repl_backlog_histlen"),
                        Datasets.infoLong(master.host(), port, "second_repl_offset") - savedOffset,
                        Datasets.infoLong(master.host(), port, "repl_backlog_first_byte_offset") - savedOffset,
                        Datasets.infoLong(master.host(), port, "sync_partial_ok"),
                        dbsizes(replica));
            }
        }
    }

    @Test
    void aMasterRestartedWithExpiredKeysSendsTheirDeletionsAfterItsSavedHistoryAsRedis() throws Exception {
        String[] masterArgs = {"--repl-diskless-sync-delay", "0", "--enable-debug-command", "yes"};
        ExpiredAtRestart expected = restartWithKeysExpired((port, d) -> {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(masterArgs),
                    java.util.stream.Stream.of("--dir", d.toString())).toArray(String[]::new);
            return RedisServerProcess.startOn("127.0.0.1", port, args);
        }, Files.createDirectories(dir.resolve("redis")));
        ExpiredAtRestart actual = restartWithKeysExpired((port, d) -> EmbeddedDataNode.startOn("127.0.0.1", port,
                java.util.stream.Stream.concat(java.util.Arrays.stream(masterArgs),
                        java.util.stream.Stream.of("--dir", d.toString())).toArray(String[]::new)),
                Files.createDirectories(dir.resolve("node")));
        assertThat(actual).isEqualTo(expected);
        assertThat(expected.expiredAtLoad()).isEqualTo(40);
        assertThat(expected.replicaDbsizes()).isEqualTo(":0 :0 :0 :201");
        assertThat(expected.offsetGrowth()).isPositive();
    }

    @Test
    void aRestartedClusterReplicaContinuesFromItsRdb() throws Exception {
        String masterHost = "127.0.89.1";
        String replicaHost = "127.0.89.2";
        cluster.dataNode(masterHost, FAST_SYNC);
        EmbeddedDataNode replicaNode = cluster.dataNode(replicaHost, FAST_SYNC);
        call(masterHost, "CLUSTER", "ADDSLOTSRANGE", "0", "16383");
        call(masterHost, "CLUSTER", "MEET", replicaHost, "6379");
        await("the nodes meet", 20_000, () -> call(replicaHost, "CLUSTER", "NODES").contains(myId(masterHost)));
        call(replicaHost, "CLUSTER", "REPLICATE", myId(masterHost));
        await("cluster ok", 20_000, () -> call(masterHost, "CLUSTER", "INFO").contains("cluster_state:ok"));
        Endpoint master = new Endpoint(masterHost, 6379);
        Endpoint replica = new Endpoint(replicaHost, 6379);
        for (int i = 0; i < 300; i++) {
            assertThat(call(masterHost, "SET", "{k}" + i, "v" + i)).isEqualTo("+OK\r\n");
        }
        Datasets.awaitInSync(master, replica);
        shutdownSaving(replica);
        cluster.stop(replicaNode);
        assertThat(call(masterHost, "SET", "{k}while-down", "x")).isEqualTo("+OK\r\n");
        cluster.dataNode(replicaHost, FAST_SYNC);
        Datasets.awaitInSync(master, replica, 30_000);
        assertThat(call(replicaHost, "CLUSTER", "INFO")).contains("cluster_state:ok");
        assertThat(call(replicaHost, "DBSIZE")).isEqualTo(":301\r\n");
        try (RawConnection c = new RawConnection(replicaHost, 6379)) {
            c.call("READONLY");
            assertThat(c.callString("GET", "{k}while-down")).isEqualTo("$1\r\nx\r\n");
        }
        assertThat(Datasets.infoLong(masterHost, 6379, "sync_full")).isEqualTo(1);
        assertThat(Datasets.infoLong(masterHost, 6379, "sync_partial_ok")).isEqualTo(1);
    }
}
