package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A manual failover's write pause and CLIENT PAUSE are separate pauses, as Redis 7.0 keeps pause purposes
 * apart: CLIENT UNPAUSE during a manual failover leaves the failover's pause in force, and the end of the
 * failover leaves a CLIENT PAUSE in force. The replica (a redis-server) is frozen with SIGSTOP right after
 * it asked its data node master to hand over, so the master stays paused until the failover times out.
 */
class ManualFailoverPauseTest {
    private static final String MASTER = "127.0.137.1";
    private static final String REPLICA = "127.0.137.2";
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15000);

    @Test
    void clientUnpauseAndTheFailoversEndEachLeaveTheOtherPauseInForce() throws Exception {
        cluster.dataNode(MASTER);
        RedisServerProcess replica = cluster.redis(REPLICA);
        assertThat(call(MASTER, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
        assertThat(call(MASTER, "CLUSTER", "MEET", REPLICA, "6379")).isEqualTo("+OK\r\n");
        String masterId = myId(MASTER);
        await("the replica knows the master", 20_000, () -> call(REPLICA, "CLUSTER", "NODES").contains(masterId));
        assertThat(call(REPLICA, "CLUSTER", "REPLICATE", masterId)).isEqualTo("+OK\r\n");
        await("the replica is in sync", 20_000, () -> call(REPLICA, "INFO", "replication").contains("master_link_status:up"));

        assertThat(call(REPLICA, "CLUSTER", "FAILOVER")).isEqualTo("+OK\r\n");
        long mfStart = System.currentTimeMillis();
        signal("STOP", replica);
        try (RawConnection writer = new RawConnection(MASTER, 6379);
             RawConnection admin = new RawConnection(MASTER, 6379)) {
            writer.send(RawConnection.encode("SET", "k", "v"));
            assertThat(writer.quietFor(1000)).as("the failover pauses writes").isTrue();
            assertThat(admin.callString("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
            assertThat(writer.quietFor(1000)).as("CLIENT UNPAUSE leaves the failover's pause").isTrue();

            assertThat(admin.callString("CLIENT", "PAUSE", "60000", "WRITE")).isEqualTo("+OK\r\n");
            // The master gives the failover up 5 s after it began, ending the failover's pause.
            long pastFailoverEnd = mfStart + 7_000 - System.currentTimeMillis();
            assertThat(writer.quietFor((int) Math.max(1000, pastFailoverEnd))).as("the failover's end leaves CLIENT PAUSE").isTrue();
            assertThat(admin.callString("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
            assertThat(writer.readReplyString()).isEqualTo("+OK\r\n");
        } finally {
            signal("CONT", replica);
        }
        assertThat(call(MASTER, "GET", "k")).isEqualTo("$1\r\nv\r\n");
    }

    private static void signal(String signal, RedisServerProcess process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
