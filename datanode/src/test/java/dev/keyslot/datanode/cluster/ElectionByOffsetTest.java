package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.RespNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two data node replicas of a redis-server master compete when it dies, one of them behind (its link was cut
 * before the last acknowledged write). The offsets their bus headers announce are their real ones, also for the
 * replica whose link is down; the replica ahead wins, keeps every acknowledged write, and the one behind follows
 * it with a partial resynchronization that brings it the writes it missed.
 */
class ElectionByOffsetTest {
    private static final String DYING = "127.0.142.11";
    private static final String DATA_MASTER = "127.0.142.12";
    private static final String REDIS_MASTER = "127.0.142.13";
    private static final String AHEAD = "127.0.142.14";
    private static final String BEHIND = "127.0.142.15";
    /** Keys with hash tag {b} are in slot 3300, served by the dying master. */
    private static final String FIRST_KEY = "{b}first";
    private static final String LAST_KEY = "{b}last";

    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(2000);

    @Test
    void theReplicaWithTheHigherOffsetWinsAndKeepsEveryAcknowledgedWrite() throws Exception {
        RedisServerProcess dying = redis(DYING);
        cluster.dataNode(DATA_MASTER);
        redis(REDIS_MASTER);
        cluster.dataNode(AHEAD);
        cluster.dataNode(BEHIND);
        for (String host : List.of(DATA_MASTER, REDIS_MASTER, AHEAD, BEHIND)) {
            assertThat(call(DYING, "CLUSTER", "MEET", host, "6379")).isEqualTo("+OK\r\n");
        }
        assertThat(call(DYING, "CLUSTER", "ADDSLOTSRANGE", "0", "5460")).isEqualTo("+OK\r\n");
        assertThat(call(DATA_MASTER, "CLUSTER", "ADDSLOTSRANGE", "5461", "10922")).isEqualTo("+OK\r\n");
        assertThat(call(REDIS_MASTER, "CLUSTER", "ADDSLOTSRANGE", "10923", "16383")).isEqualTo("+OK\r\n");
        String dyingId = myId(DYING);
        for (String replica : List.of(AHEAD, BEHIND)) {
            await(replica + " knows the master", 20_000, () -> call(replica, "CLUSTER", "NODES").contains(dyingId));
            assertThat(call(replica, "CLUSTER", "REPLICATE", dyingId)).isEqualTo("+OK\r\n");
        }
        for (String host : List.of(DYING, DATA_MASTER, REDIS_MASTER, AHEAD, BEHIND)) {
            await("cluster ok on " + host, 20_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
        assertThat(KeySlot.of(FIRST_KEY.getBytes(StandardCharsets.US_ASCII))).isEqualTo(3300);
        // The replication links leave from bind-source-addr, as redis-server's do: the master lists their addresses.
        await("the master lists both replicas", 20_000, () -> call(DYING, "INFO", "replication").contains("ip=" + AHEAD + ",")
                && call(DYING, "INFO", "replication").contains("ip=" + BEHIND + ","));

        try (RawConnection writer = new RawConnection(DYING, 6379)) {
            assertThat(writer.callString("SET", FIRST_KEY, "1")).isEqualTo("+OK\r\n");
            // WAIT counts replicas that acknowledged this connection's writes: it must be the writing connection.
            assertThat(writer.callString("WAIT", "2", "20000")).isEqualTo(":2\r\n");
            // Only AHEAD knows the new password: BEHIND's link, once cut, cannot come back.
            assertThat(call(AHEAD, "CONFIG", "SET", "masterauth", "secret")).isEqualTo("+OK\r\n");
            assertThat(writer.callString("CONFIG", "SET", "requirepass", "secret")).isEqualTo("+OK\r\n");
            assertThat(writer.callString("CLIENT", "KILL", "TYPE", "replica")).isEqualTo(":2\r\n");
            assertThat(writer.callString("SET", LAST_KEY, "2")).isEqualTo("+OK\r\n");
            assertThat(writer.callString("WAIT", "1", "20000")).isEqualTo(":1\r\n");
        }
        assertThat(readOnReplica(AHEAD, LAST_KEY)).isEqualTo("$1\r\n2\r\n");
        assertThat(readOnReplica(BEHIND, LAST_KEY)).isEqualTo("$-1\r\n");
        assertThat(info(BEHIND, "master_link_status")).isEqualTo("down");

        String aheadId = myId(AHEAD);
        String behindId = myId(BEHIND);
        // What the headers announce is what the replicas hold: a redis-server peer and the rival agree.
        await("the bus headers carry the replicas' offsets", 20_000, () -> {
            long ahead = Long.parseLong(info(AHEAD, "slave_repl_offset"));
            long behind = Long.parseLong(info(BEHIND, "slave_repl_offset"));
            return ahead > behind && behind > 0
                    && announcedOffset(REDIS_MASTER, aheadId) == ahead && announcedOffset(REDIS_MASTER, behindId) == behind
                    && announcedOffset(BEHIND, aheadId) == ahead;
        });

        dying.close();
        await("the replica ahead is elected and the other follows it", 30_000, () -> {
            String nodes = call(REDIS_MASTER, "CLUSTER", "NODES");
            return nodes.contains(aheadId + " " + AHEAD + ":6379@16379 master - 0")
                    && nodes.contains(behindId + " " + BEHIND + ":6379@16379 slave " + aheadId)
                    && call(REDIS_MASTER, "CLUSTER", "INFO").contains("cluster_state:ok");
        });
        assertThat(call(AHEAD, "GET", FIRST_KEY)).isEqualTo("$1\r\n1\r\n");
        assertThat(call(AHEAD, "GET", LAST_KEY)).isEqualTo("$1\r\n2\r\n");
        await("the replica behind catches up", 20_000, () -> readOnReplica(BEHIND, LAST_KEY).equals("$1\r\n2\r\n"));
        assertThat(info(AHEAD, "sync_partial_ok")).isEqualTo("1");
        assertThat(info(AHEAD, "sync_full")).isEqualTo("0");
    }

    /** The replication offset a node announces for another in CLUSTER SHARDS (from its bus headers). */
    private static long announcedOffset(String host, String nodeId) {
        try (RawConnection c = new RawConnection(host, 6379)) {
            for (RespNode shard : RespNode.parse(c.call("CLUSTER", "SHARDS")).children) {
                List<RespNode> nodes = valueOf(shard, "nodes").children;
                for (RespNode node : nodes) {
                    if (valueOf(node, "id").text.equals(nodeId)) {
                        return Long.parseLong(valueOf(node, "replication-offset").text);
                    }
                }
            }
        }
        return -1;
    }

    private static RespNode valueOf(RespNode pairs, String key) {
        for (int i = 0; i + 1 < pairs.children.size(); i += 2) {
            if (key.equals(pairs.children.get(i).text)) {
                return pairs.children.get(i + 1);
            }
        }
        throw new AssertionError("no " + key + " in CLUSTER SHARDS");
    }

    private static String info(String host, String field) {
        for (String line : call(host, "INFO", "all").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        throw new AssertionError("no " + field + " in INFO");
    }

    private static String readOnReplica(String host, String key) {
        try (RawConnection c = new RawConnection(host, 6379)) {
            c.callString("READONLY");
            return c.callString("GET", key);
        }
    }

    private RedisServerProcess redis(String host) {
        return cluster.redis(host, "--repl-diskless-sync-delay", "0");
    }
}
