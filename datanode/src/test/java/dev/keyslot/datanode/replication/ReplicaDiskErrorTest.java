package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica whose last BGSAVE failed (save points on, stop-writes-on-bgsave-error yes) refuses clients' writes
 * with MISCONF, but its master's writes are not its to refuse: refusing them would drop them while its offset
 * advances. As redis-server 7.0, it stops instead (replica-ignore-disk-write-errors no), or with that option on
 * applies them. Checked side by side with a redis-server replica of the same master.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplicaDiskErrorTest {
    @Test
    void aReplicaThatCannotSaveStopsRatherThanDropItsMastersWrites() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RedisServerProcess redisReplica = RedisServerProcess.start("--dir", failingDir().toString(),
                     "--save", "3600 1");
             EmbeddedDataNode nodeReplica = EmbeddedDataNode.start("--dir", failingDir().toString(),
                     "--save", "3600 1")) {
            Endpoint m = new Endpoint(master.host(), master.port());
            for (Endpoint r : new Endpoint[] {endpoint(redisReplica), endpoint(nodeReplica)}) {
                followAndFailABgsave(r, m);
            }
            try (RawConnection onMaster = new RawConnection(m.host(), m.port())) {
                assertThat(onMaster.callString("SET", "k", "v")).isEqualTo("+OK\r\n");
            }
            Datasets.await("redis-server's replica stops", 20_000, () -> !accepts(endpoint(redisReplica)));
            Datasets.await("the data node replica stops", 20_000, () -> !accepts(endpoint(nodeReplica)));
        }
    }

    @Test
    void withReplicaIgnoreDiskWriteErrorsTheMastersWritesAreApplied() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RedisServerProcess redisReplica = RedisServerProcess.start("--dir", failingDir().toString(),
                     "--save", "3600 1", "--replica-ignore-disk-write-errors", "yes");
             EmbeddedDataNode nodeReplica = EmbeddedDataNode.start("--dir", failingDir().toString(),
                     "--save", "3600 1", "--replica-ignore-disk-write-errors", "yes")) {
            Endpoint m = new Endpoint(master.host(), master.port());
            Endpoint[] replicas = {endpoint(redisReplica), endpoint(nodeReplica)};
            for (Endpoint r : replicas) {
                followAndFailABgsave(r, m);
            }
            try (RawConnection onMaster = new RawConnection(m.host(), m.port())) {
                assertThat(onMaster.callString("SET", "k", "v")).isEqualTo("+OK\r\n");
            }
            List<String> clientWrites = new ArrayList<>();
            for (Endpoint r : replicas) {
                Datasets.awaitInSync(m, r);
                try (RawConnection c = new RawConnection(r.host(), r.port())) {
                    assertThat(c.callString("GET", "k")).isEqualTo("$1\r\nv\r\n");
                    clientWrites.add(c.callString("SET", "mine", "1"));
                }
            }
            assertThat(clientWrites.get(1)).as("a client's write on the data node replica").isEqualTo(clientWrites.get(0));
        }
    }

    /** A directory that is gone by the time the replica saves, so its BGSAVE fails. */
    private static Path failingDir() throws IOException {
        return Files.createTempDirectory("replica-disk-error");
    }

    private static void followAndFailABgsave(Endpoint replica, Endpoint master) throws IOException {
        try (RawConnection c = new RawConnection(replica.host(), replica.port())) {
            Path dir = Path.of(c.callString("CONFIG", "GET", "dir").split("\r\n")[4]);
            assertThat(c.callString("REPLICAOF", master.host(), Integer.toString(master.port()))).isEqualTo("+OK\r\n");
            Datasets.awaitInSync(master, replica);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
            assertThat(c.callString("BGSAVE")).isEqualTo("+Background saving started\r\n");
            Datasets.await("the replica's BGSAVE failed", 20_000,
                    () -> "err".equals(Datasets.info(replica.host(), replica.port(), "rdb_last_bgsave_status")));
        }
    }

    private static Endpoint endpoint(RedisServerProcess p) {
        return new Endpoint(p.host(), p.port());
    }

    private static Endpoint endpoint(EmbeddedDataNode n) {
        return new Endpoint(n.host(), n.port());
    }

    private static boolean accepts(Endpoint e) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(e.host(), e.port()), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
