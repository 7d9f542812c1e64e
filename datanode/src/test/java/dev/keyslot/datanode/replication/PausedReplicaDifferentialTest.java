package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica under CLIENT PAUSE WRITE reads its master's writes (slave_read_repl_offset) but applies none
 * (slave_repl_offset, the data) until the pause ends, as Redis postpones its master client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PausedReplicaDifferentialTest {
    private static final String[] FAST_SYNC = {"--repl-diskless-sync-delay", "0"};

    private static String call(Endpoint e, String... args) {
        try (RawConnection c = new RawConnection(e.host(), e.port())) {
            return c.callString(args);
        }
    }

    private static long info(Endpoint e, String field) {
        return Datasets.infoLong(e.host(), e.port(), field);
    }

    private static String pauseDuringAWrite(Endpoint master, Endpoint replica) {
        call(replica, "REPLICAOF", master.host(), Integer.toString(master.port()));
        Datasets.await("the link up", 20_000,
                () -> call(replica, "INFO", "replication").contains("master_link_status:up"));
        call(master, "SET", "foo", "bar");
        Datasets.await("the replica applied the first write", 20_000,
                () -> info(replica, "slave_repl_offset") == info(master, "master_repl_offset"));
        long applied = info(replica, "slave_repl_offset");
        call(replica, "CLIENT", "PAUSE", "100000", "WRITE");
        call(master, "SET", "foo2", "bar2");
        Datasets.await("the replica read the write", 20_000,
                () -> info(replica, "slave_read_repl_offset") == info(master, "master_repl_offset"));
        String whilePaused = (info(replica, "slave_repl_offset") - applied) + " " + call(replica, "GET", "foo2").trim();
        call(replica, "CLIENT", "UNPAUSE");
        Datasets.await("the replica applied the write", 20_000,
                () -> info(replica, "slave_repl_offset") == info(master, "master_repl_offset"));
        return whilePaused + " / " + call(replica, "GET", "foo2").replace("\r\n", " ").trim();
    }

    @Test
    void aPausedReplicaReadsButDoesNotApplyItsMastersWritesAsRedis() throws Exception {
        String expected;
        try (RedisServerProcess master = RedisServerProcess.start(FAST_SYNC);
             RedisServerProcess replica = RedisServerProcess.start()) {
            expected = pauseDuringAWrite(new Endpoint(master.host(), master.port()),
                    new Endpoint(replica.host(), replica.port()));
        }
        assertThat(expected).isEqualTo("0 $-1 / $4 bar2");
        try (RedisServerProcess master = RedisServerProcess.start(FAST_SYNC);
             EmbeddedDataNode replica = EmbeddedDataNode.start()) {
            assertThat(pauseDuringAWrite(new Endpoint(master.host(), master.port()),
                    new Endpoint(replica.host(), replica.port()))).isEqualTo(expected);
        }
    }
}
