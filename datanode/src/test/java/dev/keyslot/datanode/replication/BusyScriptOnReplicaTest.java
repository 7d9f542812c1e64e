package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.replication.Datasets.Endpoint;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica busy with a script of its own past the busy threshold holds its master's stream back and applies it
 * once the script ends, as redis-server does: the master's writes are neither refused with -BUSY nor lost.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BusyScriptOnReplicaTest {
    @Test
    void theMasterStreamWaitsForTheBusyScriptAndIsAppliedAfterIt() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RedisServerProcess redisReplica = RedisServerProcess.start("--busy-reply-threshold", "100");
             EmbeddedDataNode nodeReplica = EmbeddedDataNode.start("--busy-reply-threshold", "100")) {
            Endpoint m = new Endpoint(master.host(), master.port());
            List<Endpoint> replicas = List.of(new Endpoint(redisReplica.host(), redisReplica.port()),
                    new Endpoint(nodeReplica.host(), nodeReplica.port()));
            for (Endpoint r : replicas) {
                try (RawConnection c = new RawConnection(r.host(), r.port())) {
                    assertThat(c.callString("REPLICAOF", m.host(), Integer.toString(m.port()))).isEqualTo("+OK\r\n");
                }
                Datasets.awaitInSync(m, r);
            }
            List<RawConnection> scriptCallers = new ArrayList<>();
            try {
                for (Endpoint r : replicas) {
                    RawConnection caller = new RawConnection(r.host(), r.port());
                    scriptCallers.add(caller);
                    caller.send(RawConnection.encode("EVAL", "while true do end", "0"));
                    awaitBusy(r);
                }
                try (RawConnection onMaster = new RawConnection(m.host(), m.port())) {
                    assertThat(onMaster.callString("SET", "written", "during-script")).isEqualTo("+OK\r\n");
                    assertThat(onMaster.callString("INCRBY", "counter", "3")).isEqualTo(":3\r\n");
                }
                // Time for the stream to reach the busy replicas.
                TimeUnit.MILLISECONDS.sleep(300);
                for (int i = 0; i < replicas.size(); i++) {
                    Endpoint r = replicas.get(i);
                    try (RawConnection c = new RawConnection(r.host(), r.port())) {
                        assertThat(c.callString("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
                    }
                    assertThat(scriptCallers.get(i).readReplyString()).startsWith("-ERR");
                }
            } finally {
                scriptCallers.forEach(RawConnection::close);
            }
            for (Endpoint r : replicas) {
                Datasets.awaitInSync(m, r);
                try (RawConnection c = new RawConnection(r.host(), r.port())) {
                    assertThat(c.callString("GET", "written")).as("replica %s", r).isEqualTo("$13\r\nduring-script\r\n");
                    assertThat(c.callString("GET", "counter")).as("replica %s", r).isEqualTo("$1\r\n3\r\n");
                }
                assertThat(Datasets.info(r.host(), r.port(), "unexpected_error_replies")).isEqualTo("0");
            }
        }
    }

    private static void awaitBusy(Endpoint r) {
        try (RawConnection c = new RawConnection(r.host(), r.port())) {
            Datasets.await("the replica busy with the script", 10_000,
                    () -> c.callString("PING").startsWith("-BUSY"));
        }
    }
}
