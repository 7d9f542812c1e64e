package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.BatchWriter;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RespNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data node master loaded the way bench/cluster_keys.py loads a cluster (1000 SETs per write) while its
 * data node replica syncs for the first time, loses its link again and again, or is starved of CPU: the
 * replica ends with exactly the master's keys, every acknowledged one, and the offset it reports always
 * counts only the commands it applied.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PipelinedBatchReplicationTest {
    private static String call(EmbeddedDataNode node, String... args) {
        try (RawConnection c = new RawConnection(node.host(), node.port())) {
            return c.callString(args);
        }
    }

    private static Endpoint endpoint(EmbeddedDataNode node) {
        return new Endpoint(node.host(), node.port());
    }

    /** In sync, the same number of keys on both, and each acknowledged key with its value on both. */
    private static void assertSameKeys(EmbeddedDataNode master, EmbeddedDataNode replica, BatchWriter writer) {
        Datasets.awaitInSync(endpoint(master), endpoint(replica), 90_000);
        List<String> keys = writer.acknowledgedKeys();
        assertThat(keys).hasSizeGreaterThan(10 * BatchWriter.BATCH);
        assertThat(call(replica, "DBSIZE")).isEqualTo(call(master, "DBSIZE")).isEqualTo(":" + keys.size() + "\r\n");
        assertThat(BatchWriter.notHeld(master.host(), master.port(), keys, false)).isEmpty();
        assertThat(BatchWriter.notHeld(replica.host(), replica.port(), keys, false)).isEmpty();
    }

    @ParameterizedTest(name = "repl-diskless-sync {0}, repl-diskless-load {1}")
    @CsvSource({"yes, swapdb", "no, disabled", "no, swapdb"})
    void batchesWrittenDuringTheFirstFullSyncAllReachTheReplica(String disklessSync, String disklessLoad)
            throws Exception {
        // A one second delay: the replica waits for its snapshot while batches keep coming, as in a cluster
        // whose load starts right after cluster create.
        try (EmbeddedDataNode master = EmbeddedDataNode.start("--repl-diskless-sync", disklessSync,
                "--repl-diskless-sync-delay", "1");
             EmbeddedDataNode replica = EmbeddedDataNode.start("--repl-diskless-load", disklessLoad);
             BatchWriter writer = new BatchWriter(master.host(), master.port())) {
            writer.write("before", 30);
            writer.start("during", 2, 60_000);
            Datasets.await("batches flowing", 20_000, () -> writer.acknowledgedCount() > 40 * BatchWriter.BATCH);
            call(replica, "REPLICAOF", master.host(), Integer.toString(master.port()));
            Datasets.await("link up", 60_000, () -> "up".equals(Datasets.info(replica.host(), replica.port(),
                    "master_link_status")));
            int atSync = writer.acknowledgedCount();
            Datasets.await("batches after the sync", 60_000,
                    () -> writer.acknowledgedCount() > atSync + 5 * BatchWriter.BATCH);
            writer.close();
            assertSameKeys(master, replica, writer);
            assertThat(Datasets.info(master.host(), master.port(), "sync_full")).isEqualTo("1");
        }
    }

    @Test
    void batchesCutAnywhereByLinkLossArriveExactlyOnceThroughPartialResyncs() throws Exception {
        try (EmbeddedDataNode master = EmbeddedDataNode.start("--repl-diskless-sync-delay", "0",
                "--repl-backlog-size", "256mb");
             EmbeddedDataNode replica = EmbeddedDataNode.start();
             LinkProxy link = new LinkProxy(master.host(), master.port());
             BatchWriter writer = new BatchWriter(master.host(), master.port())) {
            writer.write("before", 10);
            call(replica, "REPLICAOF", "127.0.0.1", Integer.toString(link.port()));
            Datasets.awaitInSync(endpoint(master), endpoint(replica));
            // Pieces of a prime size: the replica's reads end inside commands, at every position of a SET.
            link.fragment(997);
            writer.start("during", 2, 60_000);
            for (int cut = 1; cut <= 4; cut++) {
                int before = writer.acknowledgedCount();
                Datasets.await("batches before cut " + cut, 30_000,
                        () -> writer.acknowledgedCount() > before + 5 * BatchWriter.BATCH);
                link.cut();
                Thread.sleep(100);
                link.restore();
                // Counted by the master, so a cut is done only once the replica has really reconnected (its own
                // link status may still read "up" before it noticed the cut).
                int cuts = cut;
                Datasets.await("partial resync after cut " + cut, 60_000, () -> "up".equals(
                        Datasets.info(replica.host(), replica.port(), "master_link_status"))
                        && Datasets.infoLong(master.host(), master.port(), "sync_partial_ok") >= cuts);
            }
            writer.close();
            assertSameKeys(master, replica, writer);
            assertThat(Datasets.infoLong(master.host(), master.port(), "sync_partial_ok")).isGreaterThanOrEqualTo(4);
            assertThat(Datasets.info(master.host(), master.port(), "sync_full")).isEqualTo("1");
        }
    }

    @Test
    void aReplicaOrMasterStalledByDebugSleepKeepsEveryBatch() throws Exception {
        try (EmbeddedDataNode master = EmbeddedDataNode.start("--repl-diskless-sync-delay", "0",
                "--enable-debug-command", "yes");
             EmbeddedDataNode replica = EmbeddedDataNode.start("--enable-debug-command", "yes");
             BatchWriter writer = new BatchWriter(master.host(), master.port())) {
            call(replica, "REPLICAOF", master.host(), Integer.toString(master.port()));
            Datasets.awaitInSync(endpoint(master), endpoint(replica));
            writer.start("w", 8, 60_000);
            Datasets.await("batches flowing", 20_000, () -> writer.acknowledgedCount() > 20 * BatchWriter.BATCH);
            // The replica's command thread stops while the stream piles up in its socket, then the master's
            // while eight writers' batches pile up in theirs.
            assertThat(call(replica, "DEBUG", "SLEEP", "2")).isEqualTo("+OK\r\n");
            assertThat(call(master, "DEBUG", "SLEEP", "2")).isEqualTo("+OK\r\n");
            int afterSleeps = writer.acknowledgedCount();
            Datasets.await("batches after the sleeps", 30_000,
                    () -> writer.acknowledgedCount() > afterSleeps + 20 * BatchWriter.BATCH);
            writer.close();
            assertSameKeys(master, replica, writer);
        }
    }

    /**
     * One writer's SETs reach the replica in the order written, so the stream up to any offset holds a known
     * number of them: the replica's offset and its number of keys, read in one transaction, must always agree,
     * also while it reads the stream in pieces that end inside commands.
     */
    @Test
    void theReplicaOffsetCountsOnlyAppliedCommands() throws Exception {
        int maxKeys = 400 * BatchWriter.BATCH;
        List<Long> streamLength = new ArrayList<>(List.of(0L));
        try (EmbeddedDataNode master = EmbeddedDataNode.start("--repl-diskless-sync-delay", "0");
             EmbeddedDataNode replica = EmbeddedDataNode.start();
             LinkProxy link = new LinkProxy(master.host(), master.port());
             BatchWriter writer = new BatchWriter(master.host(), master.port())) {
            call(replica, "REPLICAOF", "127.0.0.1", Integer.toString(link.port()));
            Datasets.awaitInSync(endpoint(master), endpoint(replica));
            long start = Datasets.infoLong(replica.host(), replica.port(), "slave_repl_offset");
            link.fragment(113);
            writer.start("f", 1, 60_000);
            int samples = 0;
            try (RawConnection c = new RawConnection(replica.host(), replica.port())) {
                while (samples < 300 && writer.acknowledgedCount() < maxKeys - 2 * BatchWriter.BATCH) {
                    c.call("MULTI");
                    c.call("INFO", "replication");
                    c.call("DBSIZE");
                    RespNode both = RespNode.parse(c.call("EXEC"));
                    long offset = field(both.children.get(0).text, "slave_repl_offset") - start;
                    int keys = Integer.parseInt(both.children.get(1).text);
                    assertThat(streamExplains(offset, keys, setStreamLength(streamLength, "f0", keys)))
                            .as("offset +%d with %d keys", offset, keys).isTrue();
                    samples++;
                    Thread.sleep(10);
                }
            }
            writer.close();
            assertThat(samples).isGreaterThan(10);
            assertSameKeys(master, replica, writer);
        }
    }

    /**
     * The bytes of the first keys SETs of a writer with this prefix, as the master propagates them; lengths holds
     * those computed so far (the writer may run past any count fixed in advance).
     */
    private static long setStreamLength(List<Long> lengths, String prefix, int keys) {
        while (lengths.size() <= keys) {
            int i = lengths.size() - 1;
            String key = prefix + ":" + i;
            lengths.add(lengths.get(i) + RawConnection.encode("SET", key, BatchWriter.value(key)).length);
        }
        return lengths.get(keys);
    }

    private static final int SELECT_LENGTH = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n".length();
    private static final int PING_LENGTH = "*1\r\n$4\r\nPING\r\n".length();

    /** Whether `bytes` of stream are exactly `keys` SETs of setsLength bytes, after a SELECT, with a few PINGs. */
    private static boolean streamExplains(long bytes, int keys, long setsLength) {
        for (int pings = 0; pings < 60; pings++) {
            long rest = bytes - (long) pings * PING_LENGTH - (keys > 0 ? SELECT_LENGTH : 0);
            if (rest == setsLength) {
                return true;
            }
        }
        return false;
    }

    private static long field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no " + name + " in " + info);
    }
}
