package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * repl-diskless-load swapdb in cluster mode, as Redis 7.0 does it: a cluster replica loads its master's payload
 * aside from the socket (no dump.rdb), keeps serving its old dataset during a full resync of the same history,
 * and swaps in the new keys together with their per-slot index (CLUSTER COUNTKEYSINSLOT, GETKEYSINSLOT).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ClusterSwapdbLoadTest {
    private static final String MASTER = "127.0.153.1";
    private static final String REPLICA = "127.0.153.2";
    private static final int KEYS = 100_000;
    private static final String LOADING = "-LOADING Redis is loading the dataset in memory\r\n";

    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(5000);

    @Test
    void aClusterReplicaLoadsFromTheSocketAndServesItsOldDatasetDuringAResync() throws Exception {
        cluster.redis(MASTER, "--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0",
                "--repl-backlog-size", "16384");
        EmbeddedDataNode replica = cluster.dataNode(REPLICA, "--repl-diskless-load", "swapdb");
        assertThat(call(MASTER, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
        StreamedPayloadTest.populate(MASTER, 6379, KEYS, "key");
        assertThat(call(REPLICA, "CLUSTER", "MEET", MASTER, "6379")).isEqualTo("+OK\r\n");
        await("the replica knows the master", 20_000, () -> call(REPLICA, "CLUSTER", "NODES").contains(myId(MASTER)));
        assertThat(call(REPLICA, "CLUSTER", "REPLICATE", myId(MASTER))).isEqualTo("+OK\r\n");
        await("the replica in sync", 60_000, () -> readOnly("GET", "key:1").equals("$7\r\nvalue:1\r\n"));
        assertThat(Path.of(replica.server().config().get("dir")).resolve("dump.rdb")).doesNotExist();

        // A master refuses writes until its cluster state is ok (at least 2 s after it started, as Redis).
        await("the master's cluster is ok", 20_000, () -> call(MASTER, "CLUSTER", "INFO").contains("cluster_state:ok"));
        // More than the backlog holds while the link is down: a full resync of the same history.
        assertThat(call(MASTER, "CLIENT", "KILL", "TYPE", "replica")).isEqualTo(":1\r\n");
        assertThat(call(MASTER, "SET", "big", "x".repeat(100_000))).isEqualTo("+OK\r\n");
        assertThat(call(MASTER, "SET", "key:1", "changed")).isEqualTo("+OK\r\n");
        Set<String> gets = new LinkedHashSet<>();
        boolean asyncSeen = false;
        long deadline = System.currentTimeMillis() + 120_000;
        try (RawConnection conn = new RawConnection(REPLICA, 6379)) {
            assertThat(conn.callString("READONLY")).isEqualTo("+OK\r\n");
            String get;
            do {
                get = conn.callString("GET", "key:1");
                gets.add(get);
                asyncSeen |= conn.callString("INFO", "persistence").contains("async_loading:1");
                assertThat(System.currentTimeMillis()).as("never served the new dataset: %s", gets).isLessThan(deadline);
            } while (!get.equals("$7\r\nchanged\r\n"));
        }
        assertThat(asyncSeen).isTrue();
        assertThat(gets).as("the old dataset is served meanwhile").doesNotContain(LOADING);
        await("the replica in sync", 20_000, () -> call(REPLICA, "INFO", "replication").contains("master_link_status:up")
                && readOnly("DBSIZE").equals(call(MASTER, "DBSIZE")));
        for (String key : new String[] {"key:1", "big", "key:" + (KEYS - 1)}) {
            String slot = call(MASTER, "CLUSTER", "KEYSLOT", key);
            String n = slot.substring(1, slot.length() - 2);
            assertThat(call(REPLICA, "CLUSTER", "COUNTKEYSINSLOT", n)).isEqualTo(call(MASTER, "CLUSTER", "COUNTKEYSINSLOT", n));
            assertThat(call(REPLICA, "CLUSTER", "GETKEYSINSLOT", n, "1000")).contains(key);
        }
    }

    private static String readOnly(String... command) {
        try (RawConnection conn = new RawConnection(REPLICA, 6379)) {
            conn.callString("READONLY");
            return conn.callString(command);
        }
    }
}
