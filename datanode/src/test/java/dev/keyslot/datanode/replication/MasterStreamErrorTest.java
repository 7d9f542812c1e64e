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
 * A command of the master's stream failing on the replica is counted in unexpected_error_replies (and logged as
 * critical) as on a redis-server replica of the same master, with propagation-error-behavior ignore.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MasterStreamErrorTest {
    @Test
    void aFailingStreamCommandIsCountedAsUnexpectedAsOnRedis() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start("--enable-debug-command", "yes",
                "--repl-diskless-sync-delay", "0");
             RedisServerProcess redisReplica = RedisServerProcess.start("--propagation-error-behavior", "ignore");
             EmbeddedDataNode nodeReplica = EmbeddedDataNode.start("--propagation-error-behavior", "ignore")) {
            Endpoint m = new Endpoint(master.host(), master.port());
            Endpoint[] replicas = {new Endpoint(redisReplica.host(), redisReplica.port()),
                    new Endpoint(nodeReplica.host(), nodeReplica.port())};
            for (Endpoint r : replicas) {
                try (RawConnection c = new RawConnection(r.host(), r.port())) {
                    assertThat(c.callString("REPLICAOF", m.host(), Integer.toString(m.port()))).isEqualTo("+OK\r\n");
                }
                Datasets.awaitInSync(m, r);
            }
            try (RawConnection onMaster = new RawConnection(m.host(), m.port())) {
                assertThat(onMaster.callString("DEBUG", "REPLICATE", "fake-command-1")).isEqualTo("+OK\r\n");
                assertThat(onMaster.callString("SET", "after", "error")).isEqualTo("+OK\r\n");
            }
            for (Endpoint r : replicas) {
                Datasets.awaitInSync(m, r);
            }
            assertThat(Datasets.info(replicas[1].host(), replicas[1].port(), "unexpected_error_replies"))
                    .isEqualTo(Datasets.info(replicas[0].host(), replicas[0].port(), "unexpected_error_replies"))
                    .isEqualTo("1");
        }
    }
}
