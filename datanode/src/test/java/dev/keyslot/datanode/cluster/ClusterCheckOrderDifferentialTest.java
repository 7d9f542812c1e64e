package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.Differential;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** In cluster mode a key of a slot nobody serves is refused before memory is considered, as in Redis. */
class ClusterCheckOrderDifferentialTest {
    @Test
    void redirectionPrecedesTheOomCheck() throws InterruptedException {
        try (Differential diff = new Differential("--cluster-enabled", "yes", "--maxmemory", "1",
                "--cluster-require-full-coverage", "no")) {
            assertThat(diff.check("SET", "foo", "bar")).startsWith("-CLUSTERDOWN");
            diff.checkAll("GET foo", "CLUSTER ADDSLOTS 12182");
            long deadline = System.currentTimeMillis() + 10_000;
            while (!(diff.redisConnection().callString("CLUSTER", "INFO").contains("cluster_state:ok")
                    && diff.nodeConnection().callString("CLUSTER", "INFO").contains("cluster_state:ok"))
                    && System.currentTimeMillis() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            assertThat(diff.check("SET", "foo", "bar")).startsWith("-OOM");
            diff.checkAll("GET foo", "DEL a b", "MSET a 1 b 2", "SET a 1");
        }
    }
}
