package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.testing.EmbeddedDataNode;
import dev.keyslot.datanode.testing.RawConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fills a data node past maxmemory under each policy and checks what a client sees: OOM errors, which
 * keys disappear, and that the dataset stays within the limit.
 */
class EvictionTest {
    private static final int VALUE_SIZE = 100;
    /** Room for roughly 1000 of the test's keys above the startup allowance. */
    private static final long LIMIT = MemoryMonitor.STARTUP_BYTES + 200_000;
    /** A single SET may overshoot the limit before the next command evicts. */
    private static final long ONE_KEY_SLACK = 400;

    private EmbeddedDataNode node;
    private RawConnection conn;

    private void start(String policy, String... extra) {
        List<String> args = new ArrayList<>(List.of("--maxmemory", Long.toString(LIMIT), "--maxmemory-policy", policy));
        args.addAll(List.of(extra));
        node = EmbeddedDataNode.start(args.toArray(new String[0]));
        conn = new RawConnection(node.host(), node.port());
    }

    @AfterEach
    void stop() {
        if (conn != null) {
            conn.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private <T> T onServer(Callable<T> task) {
        try {
            return node.server().eventLoop().submit(task).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long used() {
        return onServer(() -> node.server().memory().usedMemory());
    }

    /**
     * used_memory once eviction has caught up: under load a step can exceed its time budget and finish on a
     * later turn of the command loop, as in Redis.
     */
    private long settledUsed() {
        long deadline = System.currentTimeMillis() + 5_000;
        long used = used();
        while (used > LIMIT + ONE_KEY_SLACK && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = used();
        }
        return used;
    }

    private long evictedKeys() {
        return onServer(() -> node.server().stats().evictedKeys);
    }

    private static String value() {
        char[] v = new char[VALUE_SIZE];
        Arrays.fill(v, 'x');
        return new String(v);
    }

    /** Sends the commands pipelined and returns the replies as text. */
    private List<String> pipeline(List<String[]> commands) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (String[] c : commands) {
            raw.writeBytes(RawConnection.encode(c));
        }
        conn.send(raw.toByteArray());
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            replies.add(new String(conn.readReply(), StandardCharsets.UTF_8));
        }
        return replies;
    }

    private List<String> setKeys(String prefix, int from, int to, String... options) {
        List<String[]> commands = new ArrayList<>();
        for (int i = from; i < to; i++) {
            List<String> c = new ArrayList<>(List.of("SET", prefix + i, value()));
            c.addAll(List.of(options));
            commands.add(c.toArray(new String[0]));
        }
        return pipeline(commands);
    }

    private boolean exists(String key) {
        return conn.callString("EXISTS", key).equals(":1\r\n");
    }

    private int countExisting(String prefix, int from, int to) {
        List<String[]> commands = new ArrayList<>();
        for (int i = from; i < to; i++) {
            commands.add(new String[] {"EXISTS", prefix + i});
        }
        return (int) pipeline(commands).stream().filter(r -> r.equals(":1\r\n")).count();
    }

    @Test
    void noevictionRefusesWritesButServesReadsAndDeletes() throws InterruptedException {
        start("noeviction");
        List<String> replies = setKeys("k", 0, 3000);
        long ok = replies.stream().filter(r -> r.equals("+OK\r\n")).count();
        assertThat(ok).isBetween(500L, 2000L);
        assertThat(replies.get(replies.size() - 1))
                .isEqualTo("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
        // The pipeline's query buffer counted in used_memory while it ran; freed, it may leave the dataset just
        // under the limit. Single writes fill it until one is refused: over the limit since that refusal.
        int accepted = 0;
        while (conn.callString("SET", "single" + accepted, value()).equals("+OK\r\n")) {
            assertThat(++accepted).isLessThan(100);
        }
        Thread.sleep(30);
        assertThat(onServer(() -> node.server().memory().evictionExceededMillisCurrent())).isGreaterThanOrEqualTo(30);
        assertThat(settledUsed()).isLessThanOrEqualTo(LIMIT + ONE_KEY_SLACK);
        assertThat(conn.callString("GET", "k0")).isEqualTo("$100\r\n" + value() + "\r\n");
        assertThat(evictedKeys()).isZero();

        assertThat(conn.callString("DEL", "k0", "k1", "k2", "k3", "k4")).isEqualTo(":5\r\n");
        assertThat(conn.callString("SET", "again", "v")).isEqualTo("+OK\r\n");
        assertThat(onServer(() -> node.server().memory().evictionExceededMillisCurrent())).isZero();
        assertThat(onServer(() -> node.server().memory().evictionExceededMillisTotal())).isGreaterThanOrEqualTo(30);
    }

    @Test
    void allkeysRandomMakesRoomForEveryWrite() {
        start("allkeys-random");
        List<String> replies = setKeys("k", 0, 5000);
        assertThat(replies).allMatch(r -> r.equals("+OK\r\n"));
        assertThat(settledUsed()).isLessThanOrEqualTo(LIMIT + ONE_KEY_SLACK);
        long[] keysAndEvicted = onServer(() -> new long[] {
                node.server().keyspace().db(0).size(), node.server().stats().evictedKeys});
        assertThat(keysAndEvicted[1]).isEqualTo(5000 - keysAndEvicted[0]);
        assertThat(keysAndEvicted[0]).isBetween(500L, 2000L);
    }

    @Test
    void volatilePoliciesEvictOnlyKeysWithTtlThenRefuse() {
        for (String policy : List.of("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl")) {
            start(policy);
            setKeys("persistent", 0, 300);
            List<String> volatileReplies = setKeys("volatile", 0, 3000, "EX", "10000");
            assertThat(volatileReplies).as(policy).allMatch(r -> r.equals("+OK\r\n"));
            assertThat(countExisting("persistent", 0, 300)).as(policy).isEqualTo(300);
            assertThat(evictedKeys()).as(policy).isPositive();
            assertThat(settledUsed()).as(policy).isLessThanOrEqualTo(LIMIT + ONE_KEY_SLACK);

            // Once every volatile key is gone the limit can no longer be met: writes are refused.
            List<String> more = setKeys("persistent", 300, 3000);
            assertThat(more.get(more.size() - 1)).as(policy).startsWith("-OOM ");
            assertThat(countExisting("volatile", 0, 3000)).as(policy).isZero();
            stop();
        }
    }

    @Test
    void volatileTtlEvictsTheKeysClosestToExpiringFirst() {
        start("volatile-ttl", "--maxmemory-samples", "10");
        int n = 800;
        for (int i = 0; i < n; i++) {
            // Interleave TTLs so insertion order says nothing about expiry order.
            int ttl = 10_000 + (i % 2 == 0 ? i : n + i);
            conn.call("SET", "v" + i, value(), "EX", Integer.toString(ttl));
        }
        setKeys("persistent", 0, 500);
        int soonSurvivors = 0;
        int lateSurvivors = 0;
        for (int i = 0; i < n; i++) {
            if (exists("v" + i)) {
                if (i % 2 == 0) {
                    soonSurvivors++;
                } else {
                    lateSurvivors++;
                }
            }
        }
        assertThat(evictedKeys()).isGreaterThan(200);
        assertThat(lateSurvivors).isGreaterThan(3 * soonSurvivors);
    }

    @Test
    void allkeysLruKeepsRecentlyReadKeys() throws InterruptedException {
        start("allkeys-lru", "--maxmemory-samples", "10");
        setKeys("cold", 0, 900);
        // The LRU clock has one-second resolution: let the cold keys age visibly.
        Thread.sleep(2_100);
        List<String[]> reads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            reads.add(new String[] {"GET", "cold" + i});
        }
        pipeline(reads);
        setKeys("new", 0, 600);
        assertThat(evictedKeys()).isGreaterThan(400);
        assertThat(countExisting("cold", 0, 100)).isGreaterThanOrEqualTo(95);
        assertThat(countExisting("cold", 100, 900)).isLessThan(400);
        assertThat(settledUsed()).isLessThanOrEqualTo(LIMIT + ONE_KEY_SLACK);
    }

    @Test
    void allkeysLfuKeepsFrequentlyReadKeys() {
        start("allkeys-lfu", "--maxmemory-samples", "10");
        setKeys("k", 0, 900);
        List<String[]> reads = new ArrayList<>();
        for (int round = 0; round < 30; round++) {
            for (int i = 0; i < 100; i++) {
                reads.add(new String[] {"GET", "k" + i});
            }
        }
        pipeline(reads);
        setKeys("new", 0, 600);
        assertThat(evictedKeys()).isGreaterThan(400);
        assertThat(countExisting("k", 0, 100)).isGreaterThanOrEqualTo(95);
        assertThat(settledUsed()).isLessThanOrEqualTo(LIMIT + ONE_KEY_SLACK);
    }

    @Test
    void loweringMaxmemoryEvictsWithoutWaitingForCommands() throws InterruptedException {
        start("allkeys-random");
        setKeys("k", 0, 500);
        long target = MemoryMonitor.STARTUP_BYTES + 20_000;
        onServer(() -> {
            node.server().config().set("maxmemory", Long.toString(target));
            return null;
        });
        // Eviction runs in time-bounded steps on the command loop; no client command is needed to finish it.
        long deadline = System.currentTimeMillis() + 5_000;
        while (used() > target && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(used()).isLessThanOrEqualTo(target);
        assertThat(evictedKeys()).isGreaterThan(300);
    }

    @Test
    void serverExposesTheLimitAndPolicy() {
        start("volatile-lfu");
        Server server = node.server();
        assertThat(onServer(() -> server.memory().maxmemory())).isEqualTo(LIMIT);
        assertThat(onServer(() -> server.memory().maxmemoryPolicy())).isEqualTo("volatile-lfu");
    }
}
