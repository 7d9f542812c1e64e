package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream a synchronizing replica has still to receive shows as on redis-server 7.0: in INFO memory's
 * mem_total_replication_buffers and mem_clients_slaves, and in the replica's CLIENT LIST omem and tot-mem.
 * Redis's exact byte counts (its shared buffer blocks) are not compared, only that the stream is counted.
 */
class ReplicationBufferMemoryDifferentialTest {
    private static final int VALUE_BYTES = 1024 * 1024;
    private static final int WRITES = 3;
    private static final long BACKLOG_BYTES = 16 * 1024;

    @RegisterExtension
    static final Differential diff = Differential.perClass("--repl-diskless-sync", "no",
            "--repl-backlog-size", Long.toString(BACKLOG_BYTES), "--client-output-buffer-limit", "replica 0 0 0");

    @Test
    void aSynchronizingReplicasPendingStreamIsCounted() {
        for (boolean redis : new boolean[] {true, false}) {
            String server = redis ? "redis-server" : "data node";
            String value = "x".repeat(VALUE_BYTES);
            try (RawConnection replica = diff.newConnection(redis); RawConnection master = diff.newConnection(redis)) {
                // A snapshot slowed down to a second per key holds the stream on the master until the test ends.
                for (int i = 0; i < WRITES; i++) {
                    master.callString("SET", "seed" + i, "v");
                }
                master.callString("CONFIG", "SET", "rdb-key-save-delay", "1000000");
                assertThat(replica.callString("PSYNC", "?", "-1")).as(server).startsWith("+FULLRESYNC");
                for (int i = 0; i < WRITES; i++) {
                    master.callString("SET", "key" + i, value);
                }
                long written = (long) WRITES * VALUE_BYTES;
                String memory = master.callString("INFO", "memory");
                assertThat(field(memory, "mem_total_replication_buffers")).as(server).isGreaterThan(written);
                assertThat(field(memory, "mem_clients_slaves")).as(server).isGreaterThan(written - BACKLOG_BYTES);
                String replicaLine = master.callString("CLIENT", "LIST", "TYPE", "replica");
                assertThat(field(replicaLine, "omem")).as(server).isGreaterThan(written);
                assertThat(field(replicaLine, "tot-mem")).as(server).isGreaterThan(written);
                master.callString("CONFIG", "SET", "rdb-key-save-delay", "0");
            }
        }
    }

    /** A numeric field of INFO ("name:value") or CLIENT LIST ("name=value"). */
    private static long field(String text, String name) {
        Matcher m = Pattern.compile("(?:^|[\\s\\n])" + Pattern.quote(name) + "[:=](\\d+)").matcher(text);
        assertThat(m.find()).as(name + " in " + text).isTrue();
        return Long.parseLong(m.group(1));
    }
}
