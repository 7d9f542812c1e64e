package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elections across node kinds: a data node replica of a redis-server 7.0 master wins the election when its
 * master dies (the votes of a data node master and a redis-server master elect it); and replica migration:
 * a master left without its replica gets one from a master that has two (cluster-migration-barrier 1).
 */
class MixedElectionTest {
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(2000);

    @Test
    void aDataNodeReplicaOfADeadRedisMasterWinsTheElection() throws Exception {
        String dataMaster = "127.0.137.21";
        String redisMaster1 = "127.0.137.22";
        String redisMaster2 = "127.0.137.23";
        String dataReplica = "127.0.137.24";
        cluster.dataNode(dataMaster);
        cluster.redis(redisMaster1);
        RedisServerProcess dying = cluster.redis(redisMaster2);
        cluster.dataNode(dataReplica);
        for (String host : List.of(redisMaster1, redisMaster2, dataReplica)) {
            assertThat(call(dataMaster, "CLUSTER", "MEET", host, "6379")).isEqualTo("+OK\r\n");
        }
        assertThat(call(dataMaster, "CLUSTER", "ADDSLOTSRANGE", "0", "5460")).isEqualTo("+OK\r\n");
        assertThat(call(redisMaster1, "CLUSTER", "ADDSLOTSRANGE", "5461", "10922")).isEqualTo("+OK\r\n");
        assertThat(call(redisMaster2, "CLUSTER", "ADDSLOTSRANGE", "10923", "16383")).isEqualTo("+OK\r\n");
        String dyingId = myId(redisMaster2);
        await("the replica knows the redis master", 20_000, () -> call(dataReplica, "CLUSTER", "NODES").contains(dyingId));
        assertThat(call(dataReplica, "CLUSTER", "REPLICATE", dyingId)).isEqualTo("+OK\r\n");
        await("the data node replica is in sync", 20_000,
                () -> call(dataReplica, "INFO", "replication").contains("master_link_status:up"));
        for (String host : List.of(dataMaster, redisMaster1, redisMaster2, dataReplica)) {
            await("cluster ok on " + host, 20_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
        try (RawConnection writer = new RawConnection(redisMaster2, 6379)) {
            assertThat(writer.callString("SET", "{a}k", "kept")).isEqualTo("+OK\r\n");
            // WAIT counts the replicas that acknowledged this connection's writes: on a new connection it would
            // return at once, and the master could die before the replica got the write.
            assertThat(writer.callString("WAIT", "1", "10000")).isEqualTo(":1\r\n");
        }
        assertThat(readOnReplica(dataReplica, "{a}k")).isEqualTo("$4\r\nkept\r\n");

        String replicaId = myId(dataReplica);
        dying.close();
        await("the data node replica is elected", 30_000,
                () -> call(redisMaster1, "CLUSTER", "NODES").contains(replicaId + " " + dataReplica + ":6379@16379 master - 0")
                        && call(redisMaster1, "CLUSTER", "INFO").contains("cluster_state:ok")
                        && call(dataMaster, "CLUSTER", "INFO").contains("cluster_state:ok"));
        assertThat(call(redisMaster1, "CLUSTER", "NODES")).contains("connected 10923-16383");
        assertThat(call(dataReplica, "GET", "{a}k")).isEqualTo("$4\r\nkept\r\n");
        assertThat(call(redisMaster1, "GET", "{a}k")).isEqualTo("-MOVED 15495 " + dataReplica + ":6379\r\n");
    }

    private static String readOnReplica(String host, String key) {
        try (RawConnection c = new RawConnection(host, 6379)) {
            c.callString("READONLY");
            return c.callString("GET", key);
        }
    }

    @Test
    void anOrphanedMasterGetsAReplicaFromAMasterWithTwo() throws Exception {
        String orphaned = "127.0.137.31";
        String rich = "127.0.137.32";
        String third = "127.0.137.33";
        String lostReplica = "127.0.137.34";
        List<String> richReplicas = List.of("127.0.137.35", "127.0.137.36");
        for (String host : List.of(orphaned, rich, third, richReplicas.get(0), richReplicas.get(1))) {
            cluster.dataNode(host);
        }
        RedisServerProcess lost = cluster.redis(lostReplica);
        for (String host : List.of(rich, third, lostReplica, richReplicas.get(0), richReplicas.get(1))) {
            assertThat(call(orphaned, "CLUSTER", "MEET", host, "6379")).isEqualTo("+OK\r\n");
        }
        assertThat(call(orphaned, "CLUSTER", "ADDSLOTSRANGE", "0", "5460")).isEqualTo("+OK\r\n");
        assertThat(call(rich, "CLUSTER", "ADDSLOTSRANGE", "5461", "10922")).isEqualTo("+OK\r\n");
        assertThat(call(third, "CLUSTER", "ADDSLOTSRANGE", "10923", "16383")).isEqualTo("+OK\r\n");
        String orphanedId = myId(orphaned);
        String richId = myId(rich);
        for (String host : List.of(lostReplica, richReplicas.get(0), richReplicas.get(1))) {
            await(host + " knows the masters", 20_000,
                    () -> call(host, "CLUSTER", "NODES").contains(orphanedId) && call(host, "CLUSTER", "NODES").contains(richId));
        }
        assertThat(call(lostReplica, "CLUSTER", "REPLICATE", orphanedId)).isEqualTo("+OK\r\n");
        for (String host : richReplicas) {
            assertThat(call(host, "CLUSTER", "REPLICATE", richId)).isEqualTo("+OK\r\n");
        }
        // Every data node must know the lost replica as the orphan's before it dies: a node that never saw the orphan
        // with a replica does not flag it as a migration target (nor does Redis).
        for (String host : List.of(orphaned, rich, third, richReplicas.get(0), richReplicas.get(1))) {
            await(host + " knows every replica as one", 20_000, () -> {
                String nodes = call(host, "CLUSTER", "NODES");
                return nodes.contains("slave " + orphanedId) && nodes.split("slave " + richId, -1).length == 3;
            });
        }

        lost.close();
        try {
            await("a replica of the master with two moves to the orphaned master", 60_000, () -> {
                String nodes = call(third, "CLUSTER", "NODES");
                return richReplicas.stream().anyMatch(h -> nodes.contains(myId(h) + " " + h + ":6379@16379 slave " + orphanedId))
                        && nodes.split("slave " + richId, -1).length == 2;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the views of the replicas that could move:\n"
                    + call(richReplicas.get(0), "CLUSTER", "NODES") + "\n" + call(richReplicas.get(1), "CLUSTER", "NODES"), e);
        }
        await("the migrated replica replicates its new master", 20_000, () -> richReplicas.stream()
                .anyMatch(h -> call(h, "INFO", "replication").contains("master_host:" + orphaned)
                        && call(h, "INFO", "replication").contains("master_link_status:up")));
    }
}
