package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.function.Consumer;

import static dev.keyslot.datanode.replication.InfoFields.number;
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
        onEachServer(turn -> {
            RawConnection master = turn.connect();
            String[] fullResync = HeldFullResync.start(master, turn.connect()).split(" ");
            String replid = fullResync[1];
            long streamStart = Long.parseLong(fullResync[2].trim()) + 1;
            writeValues(master);

            String replication = master.callString("INFO", "replication");
            assertThat(number(replication, "repl_backlog_histlen")).as(turn.name).isGreaterThan(WRITTEN);
            assertThat(number(replication, "repl_backlog_first_byte_offset")).as(turn.name)
                    .isLessThanOrEqualTo(streamStart);
            assertThat(turn.connect().callString("PSYNC", replid, Long.toString(streamStart))).as(turn.name)
                    .startsWith("+CONTINUE");
        });
    }

    @Test
    void theBacklogShrinksBackOnceNoReplicaNeedsIt() {
        onEachServer(turn -> {
            RawConnection master = turn.connect();
            try (RawConnection replica = diff.newConnection(turn.redis)) {
                HeldFullResync.start(master, replica);
                writeValues(master);
                assertThat(number(master.callString("INFO", "replication"), "repl_backlog_histlen")).as(turn.name)
                        .isGreaterThan(WRITTEN);
            }
            long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
            while (number(master.callString("INFO", "replication"), "repl_backlog_histlen") >= VALUE_BYTES
                    && System.currentTimeMillis() < deadline) {
                HeldFullResync.sleep();
            }
            assertThat(number(master.callString("INFO", "replication"), "repl_backlog_histlen")).as(turn.name)
                    .isLessThan(VALUE_BYTES);
            assertThat(number(master.callString("INFO", "memory"), "mem_total_replication_buffers")).as(turn.name)
                    .isLessThan(VALUE_BYTES);
        });
    }

    @Test
    void replicasSynchronizingTogetherShareOneCopyOfTheStream() {
        onEachServer(turn -> {
            RawConnection master = turn.connect();
            master.callString("CONFIG", "SET", "repl-diskless-sync", "yes", "repl-diskless-sync-delay", "5",
                    "repl-diskless-sync-max-replicas", "2");
            HeldFullResync.start(master, turn.connect(), turn.connect());
            writeValues(master);

            long total = number(master.callString("INFO", "memory"), "mem_total_replication_buffers");
            assertThat(total).as(turn.name).isGreaterThan(WRITTEN).isLessThan(2 * WRITTEN);
            assertEveryReplicaNeedsTheStream(master, turn.name);
        });
    }

    @Test
    void aReplicaJoinsTheRunningDiskSnapshotWithTheStreamKeptSinceIt() {
        onEachServer(turn -> {
            RawConnection master = turn.connect();
            RawConnection second = turn.connect();
            String firstResync = HeldFullResync.start(master, turn.connect());
            writeValues(master);
            // Joining the snapshot being written, it is told the same offset rather than waiting for the next.
            second.setReadTimeout(5_000);
            assertThat(second.callString("REPLCONF", "capa", "eof", "capa", "psync2")).isEqualTo("+OK\r\n");
            second.send(RawConnection.encode("PSYNC", "?", "-1"));
            assertThat(second.readReplyAfterKeepalives()).as(turn.name).isEqualTo(firstResync);

            assertEveryReplicaNeedsTheStream(master, turn.name);
        });
    }

    @Test
    void aReplicaResumingWithNothingMissingIsAnsweredAtOnce() {
        onEachServer(turn -> {
            RawConnection master = turn.connect();
            try (RawConnection first = diff.newConnection(turn.redis)) {
                // The first replica makes the master keep a backlog.
                assertThat(first.callString("PSYNC", "?", "-1")).as(turn.name).startsWith("+FULLRESYNC");
            }
            HeldFullResync.end(master);
            String replication = master.callString("INFO", "replication");
            String replid = replication.replaceAll("(?s).*master_replid:(\\w+).*", "$1");
            long next = number(replication, "master_repl_offset") + 1;
            RawConnection resuming = turn.connect();
            resuming.setReadTimeout(3_000);
            assertThat(resuming.callString("PSYNC", replid, Long.toString(next))).as(turn.name)
                    .startsWith("+CONTINUE");
        });
    }

    /**
     * Runs a scenario on redis-server, then on the data node; after each, its connections are closed and the
     * settings the scenarios change restored, the slowed snapshot let end.
     */
    private static void onEachServer(Consumer<ServerTurn> scenario) {
        for (boolean redis : new boolean[] {true, false}) {
            try (ServerTurn turn = new ServerTurn(diff, redis)) {
                scenario.accept(turn);
            } finally {
                try (RawConnection admin = diff.newConnection(redis)) {
                    admin.callString("CONFIG", "SET", "repl-diskless-sync", "no", "repl-diskless-sync-delay", "5",
                            "repl-diskless-sync-max-replicas", "0");
                    HeldFullResync.end(admin);
                }
            }
        }
    }

    private static void writeValues(RawConnection master) {
        String value = "x".repeat(VALUE_BYTES);
        for (int i = 0; i < WRITES; i++) {
            assertThat(master.callString("SET", "key" + i, value)).isEqualTo("+OK\r\n");
        }
    }

    /** Each of the two replicas' output buffer (CLIENT LIST omem) holds all that was written since the snapshot. */
    private static void assertEveryReplicaNeedsTheStream(RawConnection master, String server) {
        List<String> replicaLines = master.callString("CLIENT", "LIST", "TYPE", "replica").lines()
                .filter(line -> line.startsWith("id=")).toList();
        assertThat(replicaLines).as(server).hasSize(2);
        for (String line : replicaLines) {
            assertThat(number(line, "omem")).as(server).isGreaterThan(WRITTEN);
        }
    }
}
