package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RawConnection;
import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.ToolRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;

import static dev.keyslot.datanode.testing.LoopbackNodes.call;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wire compatibility of the cluster bus: a cluster of one data node and two redis-server 7.0 nodes, each on
 * its own loopback address with ports 6379/16379, meets, agrees on slots, routes keys and detects a failure.
 */
class MixedClusterTest {
    private static final String DN = "127.0.2.1";
    private static final String R1 = "127.0.2.2";
    private static final String R2 = "127.0.2.3";
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(2000);

    private void formCluster() throws InterruptedException {
        assertThat(call(DN, "CLUSTER", "MEET", R1, "6379")).isEqualTo("+OK\r\n");
        assertThat(call(DN, "CLUSTER", "MEET", R2, "6379")).isEqualTo("+OK\r\n");
        assertThat(call(DN, "CLUSTER", "ADDSLOTSRANGE", "0", "5460")).isEqualTo("+OK\r\n");
        assertThat(call(R1, "CLUSTER", "ADDSLOTSRANGE", "5461", "10922")).isEqualTo("+OK\r\n");
        assertThat(call(R2, "CLUSTER", "ADDSLOTSRANGE", "10923", "16383")).isEqualTo("+OK\r\n");
        for (String host : List.of(DN, R1, R2)) {
            await("cluster_state:ok on " + host, 20_000,
                    () -> call(host, "CLUSTER", "INFO").contains("cluster_state:ok"));
        }
    }

    @Test
    void dataNodeAndRedisFormOneClusterAndRouteKeys() throws Exception {
        cluster.dataNode(DN);
        cluster.redis(R1);
        cluster.redis(R2);
        formCluster();
        String dnId = myId(DN);
        String redisView = call(R1, "CLUSTER", "NODES");
        assertThat(redisView).as("redis-server sees the data node with its slots")
                .containsPattern(dnId + " " + DN + ":6379@16379 master - \\d+ \\d+ \\d+ connected 0-5460");
        String dnView = call(DN, "CLUSTER", "NODES");
        assertThat(dnView).contains(myId(R1)).contains(myId(R2)).contains("myself,master")
                .contains("connected 5461-10922").contains("connected 10923-16383");
        assertThat(call(DN, "CLUSTER", "INFO")).contains("cluster_known_nodes:3").contains("cluster_size:3");

        String cli = RedisServerProcess.requireTool("redis-cli");
        for (int i = 0; i < 30; i++) {
            String key = "key:" + i;
            Process set = new ProcessBuilder(cli, "-c", "-h", DN, "-p", "6379", "SET", key, "v" + i)
                    .redirectErrorStream(true).start();
            assertThat(new String(set.getInputStream().readAllBytes()).trim()).isEqualTo("OK");
            Process get = new ProcessBuilder(cli, "-c", "-h", R1, "-p", "6379", "GET", key)
                    .redirectErrorStream(true).start();
            assertThat(new String(get.getInputStream().readAllBytes()).trim()).isEqualTo("v" + i);
        }
        String slotOwnedByRedis = call(DN, "GET", "foo");
        assertThat(slotOwnedByRedis).isEqualTo("-MOVED 12182 " + R2 + ":6379\r\n");
        assertThat(call(DN, "SELECT", "1")).isEqualTo(call(R1, "SELECT", "1"));
        assertThat(call(DN, "DEL", "a", "b")).isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot\r\n");
    }

    private static String run(String... command) throws Exception {
        return ToolRun.succeeding(List.of(command), 120);
    }

    @Test
    void redisCliReshardsLiveKeysBetweenRedisAndTheDataNode() throws Exception {
        cluster.dataNode(DN);
        cluster.redis(R1);
        cluster.redis(R2);
        formCluster();
        String cli = RedisServerProcess.requireTool("redis-cli");
        try (RawConnection any = new RawConnection(DN, 6379)) {
            for (int i = 0; i < 300; i++) {
                run(cli, "-c", "-h", R1, "-p", "6379", "SET", "user:" + i, "value-" + i);
            }
            for (int i = 0; i < 15; i++) {
                run(cli, "-c", "-h", R1, "-p", "6379", "HSET", "hash:" + i, "f", "v" + i, "n", Integer.toString(i));
                run(cli, "-c", "-h", R1, "-p", "6379", "SADD", "set:" + i, "1", Integer.toString(70000 + i));
                run(cli, "-c", "-h", R1, "-p", "6379", "ZADD", "zset:" + i, "1.5", "a", Integer.toString(i), "b");
                run(cli, "-c", "-h", R1, "-p", "6379", "RPUSH", "list:" + i, "x", Integer.toString(i));
            }
        }
        String dnId = myId(DN);
        String r1Id = myId(R1);
        run(cli, "--cluster", "reshard", DN + ":6379", "--cluster-from", r1Id, "--cluster-to", dnId,
                "--cluster-slots", "500", "--cluster-yes");
        run(cli, "--cluster", "reshard", DN + ":6379", "--cluster-from", dnId, "--cluster-to", myId(R2),
                "--cluster-slots", "700", "--cluster-yes");
        String check = run(cli, "--cluster", "check", DN + ":6379");
        assertThat(check).contains("[OK] All 16384 slots covered.").doesNotContain("[ERR]").doesNotContain("[WARNING]");
        for (int i = 0; i < 300; i++) {
            assertThat(run(cli, "-c", "-h", DN, "-p", "6379", "GET", "user:" + i).trim()).isEqualTo("value-" + i);
        }
        // Collections went through the data node twice (in from R1, out to R2) as DUMP payloads.
        for (int i = 0; i < 15; i++) {
            assertThat(run(cli, "-c", "-h", DN, "-p", "6379", "HGET", "hash:" + i, "n").trim()).isEqualTo("" + i);
            assertThat(run(cli, "-c", "-h", DN, "-p", "6379", "SISMEMBER", "set:" + i, "" + (70000 + i)).trim())
                    .isEqualTo("1");
            assertThat(run(cli, "-c", "-h", DN, "-p", "6379", "ZSCORE", "zset:" + i, "a").trim()).isEqualTo("1.5");
            assertThat(run(cli, "-c", "-h", DN, "-p", "6379", "LINDEX", "list:" + i, "1").trim()).isEqualTo("" + i);
        }
    }

    @Test
    void publishReachesSubscribersOnEveryNode() throws Exception {
        cluster.dataNode(DN);
        cluster.redis(R1);
        cluster.redis(R2);
        formCluster();
        try (RawConnection onRedis = new RawConnection(R1, 6379); RawConnection onDataNode = new RawConnection(DN, 6379)) {
            onRedis.call("SUBSCRIBE", "news");
            onDataNode.call("SUBSCRIBE", "news");
            assertThat(call(DN, "PUBLISH", "news", "from-datanode")).isEqualTo(":1\r\n");
            assertThat(new String(onRedis.readReply())).contains("from-datanode");
            assertThat(call(R2, "PUBLISH", "news", "from-redis")).isEqualTo(":0\r\n");
            assertThat(new String(onDataNode.readReply())).contains("from-datanode");
            assertThat(new String(onDataNode.readReply())).contains("from-redis");
        }
    }

    @Test
    void failedRedisNodeIsMarkedFailByTheDataNode() throws Exception {
        cluster.dataNode(DN);
        RedisServerProcess r1 = cluster.redis(R1);
        cluster.redis(R2);
        formCluster();
        String r1Id = myId(R1);
        r1.close();
        // FAIL itself ("master,fail -", not the data node's own "fail?"), which needs R2's report as well.
        await("data node flags the killed node as fail", 20_000,
                () -> call(DN, "CLUSTER", "NODES").contains(r1Id + " " + R1 + ":6379@16379 master,fail - "));
        await("cluster state fail with slots of a failed master uncovered", 20_000,
                () -> call(DN, "CLUSTER", "INFO").contains("cluster_state:fail"));
        assertThat(call(DN, "GET", "x")).startsWith("-CLUSTERDOWN");
    }

    @Test
    void restartedDataNodeKeepsIdentitySlotsAndEpochs() throws Exception {
        EmbeddedDataNode first = cluster.dataNode(DN);
        cluster.redis(R1);
        cluster.redis(R2);
        formCluster();
        String id = myId(DN);
        // Like Redis, a node persists a newer currentEpoch learned by gossip only with its next saved change, so
        // the restart waits until the configEpoch collisions are resolved and the settled epoch is on disk.
        await("epochs settle and are saved", 20_000, () -> {
            String epoch = currentEpoch(DN);
            return epoch.equals(currentEpoch(R1)) && epoch.equals(currentEpoch(R2))
                    && call(DN, "CLUSTER", "NODES").lines().map(l -> l.split(" "))
                            .filter(f -> f.length > 7).map(f -> f[6]).distinct().count() == 3
                    && nodesFile().contains("currentEpoch " + epoch + " ");
        });
        String epochs = "cluster_current_epoch:" + currentEpoch(DN);
        cluster.stop(first);
        cluster.dataNode(DN);
        assertThat(myId(DN)).isEqualTo(id);
        assertThat(call(DN, "CLUSTER", "INFO")).contains(epochs);
        await("restarted data node rejoins", 20_000, () -> call(DN, "CLUSTER", "INFO").contains("cluster_state:ok"));
        // The data node's own state says nothing of R1's view, which may still flag it fail? (or fail) for a moment.
        Pattern rejoined = Pattern.compile(
                id + " " + DN + ":6379@16379 master - \\d+ \\d+ \\d+ connected 0-5460");
        await("redis-server sees the restarted data node with its slots", 20_000,
                () -> rejoined.matcher(call(R1, "CLUSTER", "NODES")).find());
    }

    private static String currentEpoch(String host) {
        return call(host, "CLUSTER", "INFO").lines().filter(l -> l.startsWith("cluster_current_epoch:"))
                .findFirst().orElseThrow().substring("cluster_current_epoch:".length());
    }

    private String nodesFile() {
        try {
            return Files.readString(cluster.directory(DN).resolve("nodes.conf"));
        } catch (IOException e) {
            return "";
        }
    }
}
