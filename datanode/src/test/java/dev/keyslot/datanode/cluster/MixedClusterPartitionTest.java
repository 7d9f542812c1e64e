package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data node master cut off from the majority (the two redis-server masters frozen with SIGSTOP, so they
 * neither answer nor refuse) stops accepting writes once the node timeout passes, and serves again when the
 * partition heals, with every slot still owned by one node.
 */
class MixedClusterPartitionTest {
    private static final String DN = "127.0.2.41";
    private static final String R1 = "127.0.2.42";
    private static final String R2 = "127.0.2.43";
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(2000);

    @Test
    void aMasterInTheMinorityRefusesWritesUntilThePartitionHeals() throws Exception {
        cluster.dataNode(DN);
        RedisServerProcess r1 = cluster.redis(R1);
        RedisServerProcess r2 = cluster.redis(R2);
        call(DN, "CLUSTER", "MEET", R1, "6379");
        call(DN, "CLUSTER", "MEET", R2, "6379");
        call(DN, "CLUSTER", "ADDSLOTSRANGE", "0", "5460");
        call(R1, "CLUSTER", "ADDSLOTSRANGE", "5461", "10922");
        call(R2, "CLUSTER", "ADDSLOTSRANGE", "10923", "16383");
        for (String host : List.of(DN, R1, R2)) {
            await("cluster ok on " + host, 20_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
        assertThat(call(DN, "SET", "{la2}k", "before")).isEqualTo("+OK\r\n");

        signal("STOP", r1, r2);
        await("the isolated master sees the cluster down", 15_000,
                () -> call(DN, "CLUSTER", "INFO").contains("cluster_state:fail"));
        assertThat(call(DN, "SET", "{la2}k", "during")).isEqualTo("-CLUSTERDOWN The cluster is down\r\n");
        assertThat(call(DN, "GET", "{la2}k")).isEqualTo("-CLUSTERDOWN The cluster is down\r\n");

        signal("CONT", r1, r2);
        for (String host : List.of(DN, R1, R2)) {
            await("cluster ok again on " + host, 30_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
        assertThat(call(DN, "SET", "{la2}k", "after")).isEqualTo("+OK\r\n");
        assertThat(call(DN, "GET", "{la2}k")).isEqualTo("$5\r\nafter\r\n");
        // cluster_state:ok needs only a majority of reachable masters: a node may still flag one fail? until its PONG.
        for (String host : List.of(DN, R1, R2)) {
            await(host + " sees every slot served and no failure", 20_000, () -> {
                String nodes = call(host, "CLUSTER", "NODES");
                return nodes.contains("connected 0-5460") && nodes.contains("connected 5461-10922")
                        && nodes.contains("connected 10923-16383") && !nodes.contains("fail");
            });
        }
    }

    private static void signal(String signal, RedisServerProcess... processes) throws Exception {
        for (RedisServerProcess p : processes) {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).isZero();
        }
    }
}
