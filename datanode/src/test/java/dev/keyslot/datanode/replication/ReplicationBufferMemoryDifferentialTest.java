package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.function.Consumer;

import static dev.keyslot.datanode.replication.InfoFields.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The replication buffer in the memory figures, as on redis-server 7.0: the stream a synchronizing replica has still
 * to receive shows in INFO memory and in the replica's CLIENT LIST omem and tot-mem; used_memory counts the whole
 * shared buffer, but what maxmemory is compared with only its backlog's part (mem_not_counted_for_evict is the
 * rest), so a slow replica does not make the master evict keys while a full backlog does. Redis's exact byte counts
 * (its block headers) are not compared, only the relations between the figures.
 */
class ReplicationBufferMemoryDifferentialTest {
    private static final long SMALL_BACKLOG = 16 * 1024;
    private static final long LARGE_BACKLOG = 1024 * 1024;
    /** Room for what is not compared: block headers and rounding, a query buffer, a histogram, a DEL or two. */
    private static final long SLACK = 64 * 1024;
    /** used_memory moves by up to about 130 KB on redis-server for reasons of its own (buffers freed, allocator). */
    private static final long USED_MEMORY_NOISE = 256 * 1024;
    private static final int PAYLOAD_BYTES = 10 * 1024;
    private static final long STREAM_BYTES = 3 * 1024 * 1024;
    private static final int VOLATILE_KEYS = 200;

    @RegisterExtension
    static final Differential diff = Differential.perClass("--repl-diskless-sync", "no",
            "--repl-backlog-size", Long.toString(SMALL_BACKLOG), "--client-output-buffer-limit", "replica 0 0 0");

    @Test
    void aSynchronizingReplicasPendingStreamIsCounted() {
        onEachServer(turn -> {
            RawConnection master = turn.connect();
            HeldFullResync.start(master, turn.connect());
            String value = "x".repeat(1024 * 1024);
            for (int i = 0; i < 3; i++) {
                master.callString("SET", "key" + i, value);
            }
            long written = 3L * value.length();
            String memory = master.callString("INFO", "memory");
            assertThat(number(memory, "mem_total_replication_buffers")).as(turn.name).isGreaterThan(written);
            assertThat(number(memory, "mem_clients_slaves")).as(turn.name).isGreaterThan(written - SMALL_BACKLOG);
            String replicaLine = master.callString("CLIENT", "LIST", "TYPE", "replica");
            assertThat(number(replicaLine, "omem")).as(turn.name).isGreaterThan(written);
            assertThat(number(replicaLine, "tot-mem")).as(turn.name).isGreaterThan(written);
        });
    }

    @Test
    void usedMemoryCountsTheWholeBufferAndEvictionOnlyTheBacklogsPart() {
        onEachServer(turn -> {
            RawConnection master = turn.connect();
            master.callString("CONFIG", "SET", "repl-backlog-size", Long.toString(LARGE_BACKLOG));
            overwrite(master, PAYLOAD_BYTES);
            HeldFullResync.start(master, turn.connect());
            // Redis allocates a command's latency histogram the first time it runs.
            master.callString("INFO", "memory");
            String before = master.callString("INFO", "memory");
            overwrite(master, STREAM_BYTES);
            String after = master.callString("INFO", "memory");

            long total = number(after, "mem_total_replication_buffers");
            long replicas = number(after, "mem_clients_slaves");
            assertThat(total).as(turn.name).isGreaterThan(STREAM_BYTES);
            assertThat(replicas).as(turn.name).isEqualTo(total - LARGE_BACKLOG);
            assertThat(number(after, "mem_replication_backlog")).as(turn.name)
                    .isBetween(LARGE_BACKLOG, LARGE_BACKLOG + SLACK);
            assertThat(number(after, "mem_not_counted_for_evict")).as(turn.name).isBetween(replicas - SLACK, replicas);
            assertThat(grown(before, after, "used_memory")).as(turn.name + ": used_memory counts the buffer")
                    .isCloseTo(grown(before, after, "mem_total_replication_buffers"), within(USED_MEMORY_NOISE));
            assertThat(grown(before, after, "used_memory") - grown(before, after, "mem_not_counted_for_evict"))
                    .as(turn.name + ": what maxmemory compares counts the backlog's part")
                    .isCloseTo(LARGE_BACKLOG, within(USED_MEMORY_NOISE));

            String stats = master.callString("MEMORY", "STATS");
            assertThat(statsNumber(stats, "clients.slaves")).as(turn.name).isCloseTo(replicas, within(SLACK));
            assertThat(statsNumber(stats, "replication.backlog")).as(turn.name)
                    .isCloseTo(number(after, "mem_replication_backlog"), within(SLACK));
        });
    }

    @Test
    void aSlowReplicasBufferDoesNotMakeTheMasterEvict() {
        onEachServer(turn -> {
            RawConnection master = turn.connect();
            fillWithVolatileKeys(master);
            overwrite(master, PAYLOAD_BYTES);
            HeldFullResync.start(master, turn.connect());
            long limit = countedForEviction(master.callString("INFO", "memory")) + 8 * SLACK;
            master.callString("CONFIG", "SET", "maxmemory", Long.toString(limit));
            overwrite(master, STREAM_BYTES);

            String memory = master.callString("INFO", "memory");
            assertThat(number(memory, "used_memory")).as(turn.name + ": the buffer is in used_memory")
                    .isGreaterThan(limit);
            assertThat(number(memory, "mem_not_counted_for_evict")).as(turn.name).isGreaterThan(STREAM_BYTES);
            assertNothingEvicted(master, turn.name);

            // Once the replica is gone, what it held is no replica's, and is still not counted while it is trimmed.
            master.callString("CLIENT", "KILL", "TYPE", "replica");
            awaitNoReplica(master);
            overwrite(master, PAYLOAD_BYTES);
            assertThat(number(master.callString("INFO", "memory"), "mem_clients_slaves")).as(turn.name).isZero();
            assertNothingEvicted(master, turn.name);
        });
    }

    @Test
    void theBacklogCountsTowardsMaxmemory() {
        onEachServer(turn -> {
            RawConnection master = turn.connect();
            master.callString("CONFIG", "SET", "repl-backlog-size", Long.toString(LARGE_BACKLOG));
            fillWithVolatileKeys(master);
            overwrite(master, PAYLOAD_BYTES);
            HeldFullResync.start(master, turn.connect());
            long limit = countedForEviction(master.callString("INFO", "memory")) + LARGE_BACKLOG / 4;
            master.callString("CONFIG", "SET", "maxmemory", Long.toString(limit));
            overwrite(master, STREAM_BYTES);

            assertThat(number(master.callString("INFO", "stats"), "evicted_keys")).as(turn.name).isPositive();
            assertThat(master.callString("EXISTS", "big")).as(turn.name).isEqualTo(":1\r\n");
        });
    }

    /** Keys that volatile-random may evict, and "big", which it may not: the one the stream overwrites. */
    private static void fillWithVolatileKeys(RawConnection master) {
        master.callString("CONFIG", "SET", "maxmemory-policy", "volatile-random");
        String value = "v".repeat(PAYLOAD_BYTES);
        for (int i = 0; i < VOLATILE_KEYS; i++) {
            assertThat(master.callString("SET", "k" + i, value, "EX", "100000")).isEqualTo("+OK\r\n");
        }
    }

    /**
     * Writes about bytes of replication stream without changing the dataset's size: the same payload over "big"
     * again and again. The first call creates the key and whatever a server allocates for the command once.
     */
    private static void overwrite(RawConnection master, long bytes) {
        String payload = "A".repeat(PAYLOAD_BYTES);
        for (long written = 0; written < bytes; written += PAYLOAD_BYTES) {
            assertThat(master.callString("SETRANGE", "big", "0", payload)).isEqualTo(":" + PAYLOAD_BYTES + "\r\n");
        }
    }

    private static void awaitNoReplica(RawConnection master) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (number(master.callString("INFO", "replication"), "connected_slaves") != 0
                && System.currentTimeMillis() < deadline) {
            HeldFullResync.sleep();
        }
    }

    private static void assertNothingEvicted(RawConnection master, String server) {
        assertThat(number(master.callString("INFO", "stats"), "evicted_keys")).as(server).isZero();
        assertThat(master.callString("DBSIZE")).as(server).isEqualTo(":" + (VOLATILE_KEYS + 2) + "\r\n");
    }

    /** What maxmemory is compared with, as Redis's test of replica buffers works it out from INFO memory. */
    private static long countedForEviction(String memory) {
        return number(memory, "used_memory") - number(memory, "mem_not_counted_for_evict");
    }

    /** How much an INFO memory field grew, less the normal clients' buffers' growth where it counts them. */
    private static long grown(String before, String after, String field) {
        long growth = number(after, field) - number(before, field);
        return field.equals("used_memory")
                ? growth - (number(after, "mem_clients_normal") - number(before, "mem_clients_normal")) : growth;
    }

    /** A number of MEMORY STATS (a RESP2 array of names and values). */
    private static long statsNumber(String stats, String name) {
        String[] lines = stats.split("\r\n");
        for (int i = 0; i + 2 < lines.length; i++) {
            if (lines[i + 1].equals(name)) {
                return Long.parseLong(lines[i + 2].substring(1));
            }
        }
        throw new AssertionError(name + " in " + stats);
    }

    /**
     * Runs a scenario on redis-server, then on the data node; after each, its connections are closed, the settings
     * the scenarios change restored and the slowed snapshot let end.
     */
    private static void onEachServer(Consumer<ServerTurn> scenario) {
        for (boolean redis : new boolean[] {true, false}) {
            try (ServerTurn turn = new ServerTurn(diff, redis)) {
                scenario.accept(turn);
            } finally {
                try (RawConnection admin = diff.newConnection(redis)) {
                    admin.callString("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction",
                            "repl-backlog-size", Long.toString(SMALL_BACKLOG));
                    admin.callString("FLUSHALL");
                    admin.callString("CONFIG", "RESETSTAT");
                    HeldFullResync.end(admin);
                }
            }
        }
    }
}
