package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.ToolRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The redis-cli --cluster administration commands as an operator runs them against data nodes: create, info,
 * add-node (as a master, and a redis-server 7.0 node with --cluster-slave), rebalance
 * --cluster-use-empty-masters, reshard, fix of an open slot, del-node, then redis-benchmark --cluster;
 * every key is read back after the moves, and the redis-server replica takes over when its data node
 * master dies.
 */
class RedisCliClusterAdminTest {
    private static final List<String> MASTERS = List.of("127.0.137.11", "127.0.137.12", "127.0.137.13");
    private static final String ADDED_MASTER = "127.0.137.14";
    private static final String REDIS_REPLICA = "127.0.137.15";
    private static final String SPARE = "127.0.137.16";
    private static final int KEYS = 1000;
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(3000);
    private String cli;

    @Test
    void redisCliAdministersADataNodeCluster() throws Exception {
        cli = RedisServerProcess.requireTool("redis-cli");
        MASTERS.forEach(cluster::dataNode);
        List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
        MASTERS.forEach(h -> create.add(h + ":6379"));
        create.add("--cluster-yes");
        assertThat(cli(create)).contains("[OK] All 16384 slots covered.");
        for (String host : MASTERS) {
            await("cluster ok on " + host, 30_000, () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
        String seed = MASTERS.get(0) + ":6379";
        try (JedisCluster cluster = jedis()) {
            for (int i = 0; i < KEYS; i++) {
                cluster.set("key:" + i, "value:" + i);
            }
        }
        assertThat(cli(List.of(cli, "--cluster", "info", seed))).contains("[OK] " + KEYS + " keys in 3 masters.");

        EmbeddedDataNode added = cluster.dataNode(ADDED_MASTER);
        assertThat(cli(List.of(cli, "--cluster", "add-node", ADDED_MASTER + ":6379", seed)))
                .contains("[OK] New node added correctly.");
        String addedId = myId(ADDED_MASTER);
        awaitKnownByAll(addedId);
        awaitSlotMapAgreement(ADDED_MASTER);
        cluster.redis(REDIS_REPLICA);
        assertThat(cli(List.of(cli, "--cluster", "add-node", REDIS_REPLICA + ":6379", seed, "--cluster-slave",
                "--cluster-master-id", addedId))).contains("[OK] New node added correctly.");
        await("the redis-server replica follows the data node", 30_000,
                () -> call(REDIS_REPLICA, "INFO", "replication").contains("master_link_status:up"));
        awaitKnownByAll(myId(REDIS_REPLICA));

        String rebalance = cli(List.of(cli, "--cluster", "rebalance", seed, "--cluster-use-empty-masters"));
        assertThat(rebalance).contains("Rebalancing across 4 nodes").contains("to " + ADDED_MASTER + ":6379");
        assertThat(slotCount(ADDED_MASTER)).isBetween(4000, 4200);
        String reshard = cli(List.of(cli, "--cluster", "reshard", seed, "--cluster-from", addedId,
                "--cluster-to", myId(MASTERS.get(0)), "--cluster-slots", "100", "--cluster-yes"));
        assertThat(reshard).contains("Moving slot");
        assertThat(slotCount(ADDED_MASTER)).isBetween(3900, 4100);
        assertCheckClean(seed);
        assertEveryKeyReadable();

        try (JedisCluster cluster = jedis()) {
            cluster.set("{open}k", "moved by fix");
        }
        String slot = call(MASTERS.get(1), "CLUSTER", "KEYSLOT", "{open}k").split("\r\n")[0].substring(1);
        String owner = ownerOf("{open}k");
        String target = MASTERS.stream().filter(h -> !h.equals(owner)).findFirst().orElseThrow();
        assertThat(call(owner, "CLUSTER", "SETSLOT", slot, "MIGRATING", myId(target))).isEqualTo("+OK\r\n");
        assertThat(call(target, "CLUSTER", "SETSLOT", slot, "IMPORTING", myId(owner))).isEqualTo("+OK\r\n");
        assertThat(run(List.of(cli, "--cluster", "check", seed))).contains("[WARNING] Node " + owner + ":6379 has slots in migrating state " + slot);
        assertThat(cli(List.of(cli, "--cluster", "fix", seed, "--cluster-yes"))).contains("Fixing open slot " + slot);
        assertCheckClean(seed);
        assertThat(ownerOf("{open}k")).isEqualTo(target);
        assertThat(call(target, "GET", "{open}k")).isEqualTo("$12\r\nmoved by fix\r\n");

        cluster.dataNode(SPARE);
        assertThat(cli(List.of(cli, "--cluster", "add-node", SPARE + ":6379", seed))).contains("[OK] New node added correctly.");
        String spareId = myId(SPARE);
        // del-node sends CLUSTER FORGET to every node, so each must have heard of the spare.
        await("every node knows the spare", 30_000, () -> List.of(MASTERS.get(0), MASTERS.get(1), MASTERS.get(2),
                ADDED_MASTER, REDIS_REPLICA).stream().allMatch(h -> call(h, "CLUSTER", "NODES").contains(spareId)));
        assertThat(cli(List.of(cli, "--cluster", "del-node", seed, spareId))).contains("Sending CLUSTER RESET SOFT to the deleted node.");
        for (String host : MASTERS) {
            assertThat(call(host, "CLUSTER", "NODES")).doesNotContain(spareId);
        }

        String bench = cli(List.of(RedisServerProcess.requireTool("redis-benchmark"), "-h", MASTERS.get(0), "-p", "6379",
                "--cluster", "-t", "set,get", "-n", "2000", "-c", "4", "-q"));
        assertThat(bench).contains("SET: ").contains("GET: ").doesNotContainIgnoringCase("error");

        // Not WAIT on a new connection: it would count acknowledgements of that connection's writes (none).
        await("the replica processed all its master's writes", 20_000,
                () -> replicationOffset(ADDED_MASTER, "master_repl_offset") == replicationOffset(REDIS_REPLICA, "slave_repl_offset"));
        String replicaId = myId(REDIS_REPLICA);
        cluster.stop(added);
        await("the redis-server replica replaces its data node master", 30_000,
                () -> call(MASTERS.get(0), "CLUSTER", "NODES").contains(replicaId + " " + REDIS_REPLICA + ":6379@16379 master - 0")
                        && MASTERS.stream().allMatch(h -> call(h, "CLUSTER", "INFO").contains("cluster_state:ok")));
        assertEveryKeyReadable();
    }

    private static JedisCluster jedis() {
        return new JedisCluster(Set.of(new HostAndPort(MASTERS.get(0), 6379)));
    }

    private static long replicationOffset(String host, String field) {
        String info = call(host, "INFO", "replication");
        int start = info.indexOf(field + ":") + field.length() + 1;
        return Long.parseLong(info.substring(start, info.indexOf('\r', start)));
    }

    private static void assertEveryKeyReadable() {
        try (JedisCluster cluster = jedis()) {
            for (int i = 0; i < KEYS; i++) {
                assertThat(cluster.get("key:" + i)).as("key:%d", i).isEqualTo("value:" + i);
            }
        }
    }

    /**
     * redis-cli sends SETSLOT NODE to the masters only, while check compares every node's view: the redis-server
     * replica learns the new owners by gossip, so the views are let agree first.
     */
    private void assertCheckClean(String seed) throws Exception {
        awaitSlotMapAgreement(ADDED_MASTER, REDIS_REPLICA);
        assertThat(cli(List.of(cli, "--cluster", "check", seed))).contains("[OK] All nodes agree about slots configuration.")
                .contains("[OK] All 16384 slots covered.").doesNotContain("[WARNING]").doesNotContain("[ERR]");
    }

    private static void awaitKnownByAll(String id) throws InterruptedException {
        await("every master knows " + id, 30_000,
                () -> MASTERS.stream().allMatch(h -> call(h, "CLUSTER", "NODES").contains(id)));
    }

    /** redis-cli refuses to go on until every node reports the same slot owners ("Nodes don't agree"). */
    private static void awaitSlotMapAgreement(String... extraHosts) throws InterruptedException {
        await("every node reports the same slot owners", 30_000, () -> {
            String expected = slotMap(MASTERS.get(0));
            return MASTERS.stream().allMatch(h -> slotMap(h).equals(expected))
                    && Arrays.stream(extraHosts).allMatch(h -> slotMap(h).equals(expected));
        });
    }

    /** The "id slots..." of every node that serves slots, in a node's own CLUSTER NODES, sorted. */
    private static String slotMap(String host) {
        List<String> owners = new ArrayList<>();
        for (String line : call(host, "CLUSTER", "NODES").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length > 8) {
                owners.add(f[0] + " " + String.join(" ", Arrays.copyOfRange(f, 8, f.length)));
            }
        }
        Collections.sort(owners);
        return String.join("\n", owners);
    }

    private static int slotCount(String host) {
        String id = myId(host);
        int count = 0;
        for (String line : call(MASTERS.get(0), "CLUSTER", "NODES").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f[0].equals(id)) {
                for (int i = 8; i < f.length; i++) {
                    String[] range = f[i].split("-");
                    count += range.length == 1 ? 1 : Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
                }
            }
        }
        return count;
    }

    /** The address of the node serving key, from the redirection (or not) of a GET to the first master. */
    private static String ownerOf(String key) {
        String reply = call(MASTERS.get(0), "GET", key);
        if (!reply.startsWith("-MOVED ")) {
            return MASTERS.get(0);
        }
        String endpoint = reply.trim().split(" ")[2];
        return endpoint.substring(0, endpoint.indexOf(':'));
    }

    /** Runs a tool that must succeed; returns its output. */
    private static String cli(List<String> command) throws Exception {
        return ToolRun.succeeding(command, 120);
    }

    /** Runs a tool whose exit status is not the point (check exits 1 when it finds a problem). */
    private static String run(List<String> command) throws Exception {
        return ToolRun.finishing(command, 120);
    }
}
