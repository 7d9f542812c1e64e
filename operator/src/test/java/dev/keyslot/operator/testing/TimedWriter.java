package dev.keyslot.operator.testing;

import dev.keyslot.operator.topology.SlotSet;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cluster writer for partitions: plain SETs (no WAIT), each acknowledged write remembered with the time of its
 * acknowledgement, so a test can tell which acknowledged writes were lost and when they were taken. A failed
 * write refreshes the slot map, as cluster clients do.
 */
public final class TimedWriter implements AutoCloseable {
    private final JedisClientConfig config;
    private final ClusterConnectionProvider provider;
    private final Map<Integer, Long> acknowledgedAt = new ConcurrentHashMap<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final Thread thread;
    private final String prefix;
    private final HostAndPort seed;
    private volatile boolean running = true;

    public TimedWriter(String seedHost, String password, String prefix) {
        this.config = DefaultJedisClientConfig.builder().password(password).timeoutMillis(1000).build();
        this.seed = new HostAndPort(seedHost, 6379);
        this.provider = new ClusterConnectionProvider(Set.of(seed), config);
        this.prefix = prefix;
        this.thread = new Thread(this::writeLoop, "timed-writer");
        thread.setDaemon(true);
    }

    public TimedWriter start() {
        thread.start();
        return this;
    }

    public String key(int i) {
        return prefix + ":" + i;
    }

    private void writeLoop() {
        for (int i = 0; running; i++) {
            String key = key(i);
            try (Connection connection = provider.getConnectionFromSlot(JedisClusterCRC16.getSlot(key))) {
                new Jedis(connection).set(key, "value:" + i);
                acknowledgedAt.put(i, System.nanoTime());
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                renewSlots();
            }
            pause(2);
        }
    }

    private void renewSlots() {
        try {
            provider.renewSlotCache();
        } catch (RuntimeException e) {
            pause(100);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int acknowledgedCount() {
        return acknowledgedAt.size();
    }

    /** Writes to keys in {@code slots} acknowledged after {@code nanoTime}. */
    public long acknowledgedAfter(long nanoTime, SlotSet slots) {
        return acknowledgedAt.entrySet().stream()
                .filter(e -> e.getValue() > nanoTime && slots.contains(JedisClusterCRC16.getSlot(key(e.getKey()))))
                .count();
    }

    public int failures() {
        return failures.get();
    }

    public void stop() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }

    /** Acknowledged writes that do not read back, by key index, with their acknowledgement time (nanoTime). */
    public Map<Integer, Long> lostWrites() {
        Map<Integer, Long> lost = new TreeMap<>();
        try (JedisCluster reader = new JedisCluster(Set.of(seed), config, 5)) {
            acknowledgedAt.forEach((i, at) -> {
                if (!("value:" + i).equals(reader.get(key(i)))) {
                    lost.put(i, at);
                }
            });
        }
        return lost;
    }

    @Override
    public void close() {
        running = false;
        provider.close();
    }
}
