package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A manual failover's write pause and CLIENT PAUSE are separate pauses, as Redis 7.0 keeps pause purposes
 * apart: CLIENT UNPAUSE during a manual failover leaves the failover's pause in force, and the end of the
 * failover leaves a CLIENT PAUSE in force. The two other masters (redis-servers) are frozen with SIGSTOP
 * before the replica asks its data node master to hand over, so the replica can never gather a majority of
 * votes and the master stays paused until the failover times out, however the machine schedules the nodes.
 */
class ManualFailoverPauseTest {
    private static final String MASTER = "127.0.137.1";
    private static final String REPLICA = "127.0.137.2";
    private static final List<String> VOTERS = List.of("127.0.137.3", "127.0.137.4");
    /** Slot 5061: served by the data node master. */
    private static final String KEY = "bar";
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15000);

    @Test
    void clientUnpauseAndTheFailoversEndEachLeaveTheOtherPauseInForce() throws Exception {
        cluster.dataNode(MASTER);
        RedisServerProcess replica = cluster.redis(REPLICA);
        List<RedisServerProcess> voters = VOTERS.stream().map(host -> cluster.redis(host)).toList();
        assertThat(call(MASTER, "CLUSTER", "ADDSLOTSRANGE", "0", "5460")).isEqualTo("+OK\r\n");
        assertThat(call(VOTERS.get(0), "CLUSTER", "ADDSLOTSRANGE", "5461", "10922")).isEqualTo("+OK\r\n");
        assertThat(call(VOTERS.get(1), "CLUSTER", "ADDSLOTSRANGE", "10923", "16383")).isEqualTo("+OK\r\n");
        for (String other : List.of(REPLICA, VOTERS.get(0), VOTERS.get(1))) {
            assertThat(call(MASTER, "CLUSTER", "MEET", other, "6379")).isEqualTo("+OK\r\n");
        }
        String masterId = myId(MASTER);
        await("every node knows every other", 30_000,
                () -> List.of(MASTER, REPLICA, VOTERS.get(0), VOTERS.get(1)).stream()
                        .allMatch(host -> call(host, "CLUSTER", "INFO").contains("cluster_known_nodes:4")));
        assertThat(call(REPLICA, "CLUSTER", "REPLICATE", masterId)).isEqualTo("+OK\r\n");
        await("the replica is in sync", 20_000, () -> call(REPLICA, "INFO", "replication").contains("master_link_status:up"));
        await("the cluster is ok", 20_000, () -> call(REPLICA, "CLUSTER", "INFO").contains("cluster_state:ok"));

        for (RedisServerProcess voter : voters) {
            signal("STOP", voter);
        }
        try (RawConnection writer = new RawConnection(MASTER, 6379);
             RawConnection admin = new RawConnection(MASTER, 6379)) {
            assertThat(call(REPLICA, "CLUSTER", "FAILOVER")).isEqualTo("+OK\r\n");
            long mfStart = System.currentTimeMillis();
            await("the master got the replica's MFSTART", 5_000,
                    () -> call(MASTER, "CLUSTER", "INFO").contains("cluster_stats_messages_mfstart_received:1"));
            writer.send(RawConnection.encode("SET", KEY, "v"));
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
            for (RedisServerProcess voter : voters) {
                signal("CONT", voter);
            }
        }
        assertThat(call(MASTER, "GET", KEY)).isEqualTo("$1\r\nv\r\n");
        assertThat(call(MASTER, "ROLE")).startsWith("*3\r\n$6\r\nmaster");
    }

    private static void signal(String signal, RedisServerProcess process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
