package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.testing.LoopbackCluster;
import dev.keyslot.datanode.testing.RedisServerProcess;
import dev.keyslot.datanode.testing.ToolRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.keyslot.datanode.testing.LoopbackNodes.await;
import static dev.keyslot.datanode.testing.LoopbackNodes.formThreeMasters;
import static dev.keyslot.datanode.testing.LoopbackNodes.myId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * redis-cli --cluster reshard, without --cluster-replace, while a cluster client keeps pushing onto lists in the
 * slots being moved: the reshard completes (a push landing while its list is in flight must not leave the list on
 * both nodes, which would stop the next MIGRATE with BUSYKEY), and every acknowledged push is there afterwards.
 */
class ReshardUnderWritesTest {
    private static final List<String> MASTERS = List.of("127.0.184.1", "127.0.184.2", "127.0.184.3");
    private static final int MOVED_SLOTS = 1000;
    private static final int LISTS = 100;
    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(5000);

    @Test
    void aReshardUnderPushesCompletesAndKeepsEveryAcknowledgedPush() throws Exception {
        String cli = RedisServerProcess.requireTool("redis-cli");
        MASTERS.forEach(cluster::dataNode);
        formThreeMasters(MASTERS);
        List<String> lists = listsInMovedSlots();
        Map<String, List<String>> acknowledged = new HashMap<>();
        Set<String> attempted = new HashSet<>();
        lists.forEach(k -> acknowledged.put(k, new ArrayList<>()));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger pushes = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try (JedisCluster client = new JedisCluster(Set.of(new HostAndPort(MASTERS.get(0), 6379)))) {
                for (int i = 0; !stop.get() && i < 2_000_000; i++) {
                    String key = lists.get(i % lists.size());
                    String value = Integer.toString(i);
                    attempted.add(value);
                    try {
                        client.rpush(key, value);
                        acknowledged.get(key).add(value);
                        pushes.incrementAndGet();
                    } catch (RuntimeException e) {
                        // Unknown outcome: the value may or may not be in the list.
                    }
                }
            }
        }, "reshard-writer");
        writer.start();
        try {
            await("the writer got going", 10_000, () -> pushes.get() > 1000);
            String reshard = cli(List.of(cli, "--cluster", "reshard", MASTERS.get(0) + ":6379",
                    "--cluster-from", myId(MASTERS.get(0)), "--cluster-to", myId(MASTERS.get(1)),
                    "--cluster-slots", Integer.toString(MOVED_SLOTS), "--cluster-yes"));
            assertThat(reshard).contains("Moving slot 999 from").doesNotContain("BUSYKEY");
        } finally {
            stop.set(true);
            writer.join(30_000);
        }
        try (JedisCluster client = new JedisCluster(Set.of(new HostAndPort(MASTERS.get(1), 6379)))) {
            for (String key : lists) {
                List<String> stored = client.lrange(key, 0, -1);
                assertThat(stored).as("pushes onto %s", key).containsSubsequence(acknowledged.get(key));
                assertThat(attempted).as("values in %s", key).containsAll(stored);
            }
        }
        assertThat(pushes.get()).isGreaterThan(2000);
    }

    /** Lists spread over the slots the reshard moves (0 to 999, the source's first), one per slot at most. */
    private static List<String> listsInMovedSlots() {
        List<String> lists = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        for (int i = 0; lists.size() < LISTS && i < 1_000_000; i++) {
            String key = "list:" + i;
            int slot = KeySlot.of(key.getBytes());
            if (slot < MOVED_SLOTS && used.add(slot)) {
                lists.add(key);
            }
        }
        return lists;
    }

    private static String cli(List<String> command) throws Exception {
        return ToolRun.succeeding(command, 180);
    }
}
