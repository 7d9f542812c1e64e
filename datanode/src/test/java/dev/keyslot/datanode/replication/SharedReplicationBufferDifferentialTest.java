package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * As in redis-server 7.0, the backlog and the replicas' output are one shared buffer: the stream a synchronizing
 * replica still needs stays in the backlog beyond repl-backlog-size, so that another replica can resume from it,
 * the backlog shrinks back once no replica needs it, and replicas share one copy of the stream rather than each
 * holding its own, one that joins a snapshot being written included. Redis's exact byte counts (its block
 * headers) are not compared.
 */
class SharedReplicationBufferDifferentialTest {
    private static final int VALUE_BYTES = 1024 * 1024;
    private static final int WRITES = 3;
    private static final long WRITTEN = (long) WRITES * VALUE_BYTES;
    private static final long SETTLE_MILLIS = 10_000;

    @RegisterExtension
    static final Differential diff = Differential.perClass("--repl-diskless-sync", "no",
            "--repl-backlog-size", "16384", "--client-output-buffer-limit", "replica 0 0 0");

    @Test
    void anotherReplicaResumesFromWhatASynchronizingReplicaKeepsInTheBacklog() {
        for (boolean redis : new boolean[] {true, false}) {
            String server = redis ? "redis-server" : "data node";
            try (RawConnection master = diff.newConnection(redis); RawConnection replica = diff.newConnection(redis);
                 RawConnection resuming = diff.newConnection(redis)) {
                String[] fullResync = slowFullResync(master, replica).split(" ");
                String replid = fullResync[1];
                long streamStart = Long.parseLong(fullResync[2].trim()) + 1;
                writeValues(master);

                String replication = master.callString("INFO", "replication");
                assertThat(field(replication, "repl_backlog_histlen")).as(server).isGreaterThan(WRITTEN);
                assertThat(field(replication, "repl_backlog_first_byte_offset")).as(server)
                        .isLessThanOrEqualTo(streamStart);
                assertThat(resuming.callString("PSYNC", replid, Long.toString(streamStart))).as(server)
                        .startsWith("+CONTINUE");
            } finally {
                awaitNoSnapshot(redis);
            }
        }
    }

    @Test
    void theBacklogShrinksBackOnceNoReplicaNeedsIt() {
        for (boolean redis : new boolean[] {true, false}) {
            String server = redis ? "redis-server" : "data node";
            try (RawConnection master = diff.newConnection(redis)) {
                try (RawConnection replica = diff.newConnection(redis)) {
                    slowFullResync(master, replica);
                    writeValues(master);
                    assertThat(field(master.callString("INFO", "replication"), "repl_backlog_histlen")).as(server)
                            .isGreaterThan(WRITTEN);
                }
                long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
                while (field(master.callString("INFO", "replication"), "repl_backlog_histlen") >= VALUE_BYTES
                        && System.currentTimeMillis() < deadline) {
                    sleep();
                }
                assertThat(field(master.callString("INFO", "replication"), "repl_backlog_histlen")).as(server)
                        .isLessThan(VALUE_BYTES);
                assertThat(field(master.callString("INFO", "memory"), "mem_total_replication_buffers")).as(server)
                        .isLessThan(VALUE_BYTES);
            } finally {
                awaitNoSnapshot(redis);
            }
        }
    }

    @Test
    void replicasSynchronizingTogetherShareOneCopyOfTheStream() {
        for (boolean redis : new boolean[] {true, false}) {
            String server = redis ? "redis-server" : "data node";
            try (RawConnection master = diff.newConnection(redis); RawConnection first = diff.newConnection(redis);
                 RawConnection second = diff.newConnection(redis)) {
                master.callString("CONFIG", "SET", "repl-diskless-sync", "yes", "repl-diskless-sync-delay", "5",
                        "repl-diskless-sync-max-replicas", "2");
                slowFullResync(master, first, second);
                writeValues(master);

                long total = field(master.callString("INFO", "memory"), "mem_total_replication_buffers");
                assertThat(total).as(server).isGreaterThan(WRITTEN).isLessThan(2 * WRITTEN);
                List<String> replicaLines = master.callString("CLIENT", "LIST", "TYPE", "replica").lines()
                        .filter(line -> line.startsWith("id=")).toList();
                assertThat(replicaLines).as(server).hasSize(2);
                for (String line : replicaLines) {
                    assertThat(field(line, "omem")).as(server).isGreaterThan(WRITTEN);
                }
            } finally {
                try (RawConnection c = diff.newConnection(redis)) {
                    c.callString("CONFIG", "SET", "repl-diskless-sync", "no", "repl-diskless-sync-delay", "5",
                            "repl-diskless-sync-max-replicas", "0");
                }
                awaitNoSnapshot(redis);
            }
        }
    }

    @Test
    void aReplicaJoinsTheRunningDiskSnapshotWithTheStreamKeptSinceIt() {
        for (boolean redis : new boolean[] {true, false}) {
            String server = redis ? "redis-server" : "data node";
            try (RawConnection master = diff.newConnection(redis); RawConnection first = diff.newConnection(redis);
                 RawConnection second = diff.newConnection(redis)) {
                String firstResync = slowFullResync(master, first);
                writeValues(master);
                // Joining the snapshot being written, it is told the same offset rather than waiting for the next.
                second.setReadTimeout(5_000);
                assertThat(second.callString("REPLCONF", "capa", "eof", "capa", "psync2")).isEqualTo("+OK\r\n");
                second.send(RawConnection.encode("PSYNC", "?", "-1"));
                assertThat(second.readReplyAfterKeepalives()).as(server).isEqualTo(firstResync);

                List<String> replicaLines = master.callString("CLIENT", "LIST", "TYPE", "replica").lines()
                        .filter(line -> line.startsWith("id=")).toList();
                assertThat(replicaLines).as(server).hasSize(2);
                for (String line : replicaLines) {
                    assertThat(field(line, "omem")).as(server).isGreaterThan(WRITTEN);
                }
            } finally {
                awaitNoSnapshot(redis);
            }
        }
    }

    @Test
    void aReplicaResumingWithNothingMissingIsAnsweredAtOnce() {
        for (boolean redis : new boolean[] {true, false}) {
            String server = redis ? "redis-server" : "data node";
            try (RawConnection master = diff.newConnection(redis); RawConnection resuming = diff.newConnection(redis)) {
                try (RawConnection first = diff.newConnection(redis)) {
                    // The first replica makes the master keep a backlog.
                    assertThat(first.callString("PSYNC", "?", "-1")).as(server).startsWith("+FULLRESYNC");
                }
                awaitNoSnapshot(redis);
                String replication = master.callString("INFO", "replication");
                String replid = replication.replaceAll("(?s).*master_replid:(\\w+).*", "$1");
                long next = field(replication, "master_repl_offset") + 1;
                resuming.setReadTimeout(3_000);
                assertThat(resuming.callString("PSYNC", replid, Long.toString(next))).as(server)
                        .startsWith("+CONTINUE");
            }
        }
    }

    /**
     * Starts a full resynchronization for replicas (raw connections that never read the payload) with a snapshot
     * slowed down to a second per key, so that they wait for it while the test writes; the first +FULLRESYNC line.
     */
    private static String slowFullResync(RawConnection master, RawConnection... replicas) {
        master.callString("SET", "seed", "v");
        master.callString("CONFIG", "SET", "rdb-key-save-delay", "1000000");
        for (RawConnection r : replicas) {
            // Able to take a diskless payload, which replicas share when they start together.
            assertThat(r.callString("REPLCONF", "capa", "eof", "capa", "psync2")).isEqualTo("+OK\r\n");
            r.send(RawConnection.encode("PSYNC", "?", "-1"));
        }
        String reply = replicas[0].readReplyAfterKeepalives();
        assertThat(reply).startsWith("+FULLRESYNC");
        return reply;
    }

    private static void writeValues(RawConnection master) {
        String value = "x".repeat(VALUE_BYTES);
        for (int i = 0; i < WRITES; i++) {
            assertThat(master.callString("SET", "key" + i, value)).isEqualTo("+OK\r\n");
        }
    }

    /** Lets the slowed snapshot end (its replicas gone) so that the next test starts a snapshot of its own. */
    private static void awaitNoSnapshot(boolean redis) {
        try (RawConnection c = diff.newConnection(redis)) {
            c.callString("CONFIG", "SET", "rdb-key-save-delay", "0");
            long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
            while (field(c.callString("INFO", "persistence"), "rdb_bgsave_in_progress") != 0
                    && System.currentTimeMillis() < deadline) {
                sleep();
            }
        }
    }

    /** A numeric field of INFO ("name:value") or CLIENT LIST ("name=value"). */
    private static long field(String text, String name) {
        Matcher m = Pattern.compile("(?:^|[\\s\\n])" + Pattern.quote(name) + "[:=](\\d+)").matcher(text);
        assertThat(m.find()).as(name + " in " + text).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
