package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.ToolRun;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.PartitionSelectorException;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster of data nodes only, three masters with a replica each made by redis-cli --cluster create
 * --cluster-replicas 1: a killed master is replaced by its replica with every replicated key, a manual
 * CLUSTER FAILOVER under a running writer loses no acknowledged write, and cluster clients follow both.
 */
class DataNodeReplicaFailoverTest {
    private static final List<String> HOSTS = List.of("127.0.2.71", "127.0.2.72", "127.0.2.73", "127.0.2.74",
            "127.0.2.75", "127.0.2.76");
    private final Map<String, EmbeddedDataNode> nodes = new HashMap<>();
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(3000);

    @BeforeEach
    void createCluster() throws Exception {
        for (String host : HOSTS) {
            nodes.put(host, cluster.dataNode(host));
        }
        List<String> create = new ArrayList<>(List.of(RedisServerProcess.requireTool("redis-cli"), "--cluster", "create"));
        HOSTS.forEach(h -> create.add(h + ":6379"));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        String out = ToolRun.finishing(create, 60);
        assertThat(out).contains("[OK] All 16384 slots covered.");
        for (String host : HOSTS) {
            await("cluster ok on " + host, 30_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
        for (String host : HOSTS) {
            await("replication link up on " + host, 30_000, () -> {
                String info = call(host, "INFO", "replication");
                return info.contains("role:master") || info.contains("master_link_status:up");
            });
        }
    }

    @Test
    void aKilledMasterIsReplacedByItsReplicaWithItsKeys() throws Exception {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create("redis://" + HOSTS.get(0) + ":6379"));
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            for (int i = 0; i < 300; i++) {
                c.sync().set("key:" + i, "value:" + i);
            }
            String master = ownerOfSlot(0);
            String replica = replicaOf(master);
            await("the replica has every write", 20_000, () -> offset(replica) == offset(master));
            cluster.stop(nodes.get(master));
            // Lettuce takes the topology from any node (a random one among equally complete views): every node must
            // know the new owner, or the reads may go to the stopped master.
            for (String survivor : HOSTS.stream().filter(h -> !h.equals(master)).toList()) {
                await(survivor + " sees the replica serve slot 0", 30_000, () -> ownerOfSlotOn(survivor, 0).equals(replica)
                        && call(survivor, "CLUSTER", "INFO").contains("cluster_state:ok"));
            }
            c.getPartitions();
            client.refreshPartitions();
            for (int i = 0; i < 300; i++) {
                assertThat(c.sync().get("key:" + i)).isEqualTo("value:" + i);
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aManualFailoverUnderWritesLosesNoAcknowledgedWrite() throws Exception {
        String master = ownerOfSlot(0);
        String replica = replicaOf(master);
        List<Integer> acknowledged = new ArrayList<>();
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create("redis://" + HOSTS.get(0) + ":6379"));
        try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
            Thread failover = new Thread(() -> call(replica, "CLUSTER", "FAILOVER"));
            for (int i = 0; i < 2000; i++) {
                if (i == 200) {
                    failover.start();
                }
                try {
                    c.sync().set("{la2}:" + i, Integer.toString(i));
                    acknowledged.add(i);
                } catch (RuntimeException e) {
                    client.refreshPartitions();
                }
            }
            failover.join(30_000);
            await("the replica became master", 30_000, () -> ownerOfSlotOn(replica, 0).equals(replica));
            // The old master learns it lost its slots from the new master's PONG, after the replica's own view changed.
            await("the old master follows the replica", 20_000, () -> call(master, "ROLE").contains("slave"));
            client.refreshPartitions();
            for (int i : acknowledged) {
                assertThat(c.sync().get("{la2}:" + i)).as("acknowledged write %d", i).isEqualTo(Integer.toString(i));
            }
            await("the old master caught up as a replica", 20_000, () -> offset(master) == offset(replica));
            c.setReadFrom(ReadFrom.REPLICA);
            String last = "{la2}:" + acknowledged.get(acknowledged.size() - 1);
            // The seed node's CLUSTER NODES may list the old master as a replica a moment after INFO shows it in sync.
            await("a replica serves the last acknowledged write", 20_000, () -> {
                client.refreshPartitions();
                try {
                    return c.sync().get(last) != null;
                } catch (PartitionSelectorException e) {
                    return false;
                }
            });
        } finally {
            client.shutdown();
        }
        assertThat(acknowledged).hasSizeGreaterThan(1000);
    }

    private String ownerOfSlot(int slot) {
        return ownerOfSlotOn(HOSTS.get(0), slot);
    }

    /** The address of the master serving slot, as CLUSTER NODES on host tells it. */
    private static String ownerOfSlotOn(String host, int slot) {
        for (String line : call(host, "CLUSTER", "NODES").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                if (range[0].startsWith("[")) {
                    continue;
                }
                int start = Integer.parseInt(range[0]);
                int end = range.length > 1 ? Integer.parseInt(range[1]) : start;
                if (slot >= start && slot <= end) {
                    return f[1].substring(0, f[1].indexOf(':'));
                }
            }
        }
        return "";
    }

    private static String replicaOf(String master) {
        String masterId = call(master, "CLUSTER", "MYID").split("\r\n")[1];
        for (String line : call(master, "CLUSTER", "NODES").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length > 3 && f[2].contains("slave") && f[3].equals(masterId)) {
                return f[1].substring(0, f[1].indexOf(':'));
            }
        }
        throw new AssertionError("no replica of " + master);
    }

    private static long offset(String host) {
        for (String line : call(host, "INFO", "replication").split("\r\n")) {
            if (line.startsWith("master_repl_offset:")) {
                return Long.parseLong(line.substring("master_repl_offset:".length()));
            }
        }
        return -1;
    }


}
