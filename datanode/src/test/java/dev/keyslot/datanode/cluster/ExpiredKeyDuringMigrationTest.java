package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key whose TTL has passed but which no one has deleted yet counts as absent when a migrating slot's source
 * routes a command: the client is sent to the target with -ASK, as Redis's lookup without expiry does. Answering
 * from the source would serve nothing (the key is gone) while redis-cli's migration may already have moved the
 * slot's live keys.
 */
class ExpiredKeyDuringMigrationTest {
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(15000);

    @Test
    void anExpiredKeyInAMigratingSlotIsAskedForAtTheTarget() throws Exception {
        cluster.redis("127.0.172.1", "--enable-debug-command", "yes");
        cluster.redis("127.0.172.2");
        cluster.dataNode("127.0.172.3", "--enable-debug-command", "yes");
        cluster.redis("127.0.172.4");
        assertThat(askForExpiredKey("127.0.172.1", "127.0.172.2"))
                .as("redis-server 7.0").startsWith("-ASK 3028 127.0.172.2:6379");
        assertThat(askForExpiredKey("127.0.172.3", "127.0.172.4"))
                .as("data node").startsWith("-ASK 3028 127.0.172.4:6379");
    }

    private static String askForExpiredKey(String source, String target) throws Exception {
        assertThat(call(source, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
        assertThat(call(source, "CLUSTER", "MEET", target, "6379")).isEqualTo("+OK\r\n");
        String targetId = myId(target);
        await("the source knows the target", 20_000, () -> call(source, "CLUSTER", "NODES").contains(targetId));
        await("the cluster is up", 20_000, () -> call(source, "CLUSTER", "INFO").contains("cluster_state:ok"));
        assertThat(call(source, "DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("+OK\r\n");
        assertThat(call(source, "SET", "FOO", "BAR", "PX", "10")).isEqualTo("+OK\r\n");
        assertThat(call(source, "CLUSTER", "SETSLOT", "3028", "MIGRATING", targetId)).isEqualTo("+OK\r\n");
        Thread.sleep(50);
        return call(source, "GET", "FOO");
    }
}
