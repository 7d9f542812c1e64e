package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica with appendonly yes stops its AOF before loading a full sync and restarts it afterwards with a
 * rewrite of the new dataset (Redis's stopAppendOnly and restartAOFAfterSYNC): restarted from its AOF alone,
 * it holds exactly its master's dataset, never what it held before the sync, whichever way it loaded it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReplicaAofTest {
    @ParameterizedTest
    @ValueSource(strings = {"disabled", "on-empty-db", "swapdb"})
    void theAofHoldsOnlyTheDatasetOfTheLastFullSync(String disklessLoad) throws Exception {
        Path dir = Files.createTempDirectory("replica-aof");
        String[] args = {"--dir", dir.toString(), "--appendonly", "yes", "--repl-diskless-load", disklessLoad};
        try (RedisServerProcess first = master("first", 2_000);
             RedisServerProcess second = master("second", 3_000)) {
            Endpoint m = new Endpoint(second.host(), second.port());
            try (EmbeddedDataNode replica = EmbeddedDataNode.start(args)) {
                Endpoint r = new Endpoint(replica.host(), replica.port());
                try (RawConnection conn = new RawConnection(replica.host(), replica.port())) {
                    assertThat(conn.callString("SET", "own", "data")).isEqualTo("+OK\r\n");
                }
                follow(r, new Endpoint(first.host(), first.port()));
                follow(r, m);
                try (RawConnection onMaster = new RawConnection(second.host(), second.port())) {
                    assertThat(onMaster.callString("SET", "after", "sync")).isEqualTo("+OK\r\n");
                }
                Datasets.awaitInSync(m, r);
                Datasets.await("the AOF rewritten after the sync", 30_000, () ->
                        "0".equals(Datasets.info(r.host(), r.port(), "aof_rewrite_in_progress"))
                                && "0".equals(Datasets.info(r.host(), r.port(), "aof_rewrite_scheduled")));
            }
            Map<String, String> expected = Datasets.read(m.host(), m.port());
            try (EmbeddedDataNode restarted = EmbeddedDataNode.start("--dir", dir.toString(), "--appendonly", "yes")) {
                assertThat(Datasets.read(restarted.host(), restarted.port())).isEqualTo(expected);
            }
        }
    }

    /** A redis-server master holding keys prefix:0..count-1. */
    private static RedisServerProcess master(String prefix, int count) {
        RedisServerProcess master = RedisServerProcess.start("--enable-debug-command", "yes",
                "--repl-diskless-sync-delay", "0");
        try (RawConnection conn = new RawConnection(master.host(), master.port())) {
            assertThat(conn.callString("DEBUG", "POPULATE", Integer.toString(count), prefix)).isEqualTo("+OK\r\n");
        }
        return master;
    }

    private static void follow(Endpoint replica, Endpoint master) {
        try (RawConnection conn = new RawConnection(replica.host(), replica.port())) {
            assertThat(conn.callString("REPLICAOF", master.host(), Integer.toString(master.port())))
                    .isEqualTo("+OK\r\n");
        }
        Datasets.awaitInSync(master, replica);
    }
}
