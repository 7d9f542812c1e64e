package dev.keyslot.operator.testing;

import dev.keyslot.operator.topology.SlotSet;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cluster writer for partitions: plain SETs (no WAIT), each acknowledged write remembered with the time of its
 * acknowledgement, so a test can tell which acknowledged writes were lost and when they were taken. A failed
 * write refreshes the slot map, as cluster clients do.
 */
public final class TimedWriter extends BackgroundWriter {
    private final JedisClientConfig config;
    private final SlotRoutedConnections connections;
    private final Map<Integer, Long> acknowledgedAt = new ConcurrentHashMap<>();
    private final String prefix;
    private final HostAndPort seed;

    public TimedWriter(String seedHost, String password, String prefix) {
        super("timed-writer", 2);
        this.config = DefaultJedisClientConfig.builder().password(password).timeoutMillis(1000).build();
        this.seed = new HostAndPort(seedHost, 6379);
        this.connections = new SlotRoutedConnections(seed, config);
        this.prefix = prefix;
    }

    public TimedWriter start() {
        startThread();
        return this;
    }

    public String key(int i) {
        return prefix + ":" + i;
    }

    @Override
    protected void write(int i) {
        String key = key(i);
        try (Connection connection = connections.forKey(key)) {
            new Jedis(connection).set(key, "value:" + i);
            acknowledgedAt.put(i, System.nanoTime());
        }
    }

    @Override
    protected void afterFailure() {
        connections.renewSlots();
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
        super.close();
        connections.close();
    }
}
