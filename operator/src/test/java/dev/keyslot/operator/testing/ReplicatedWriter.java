package dev.keyslot.operator.testing;

import dev.keyslot.operator.topology.SlotSet;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster writer for scenarios where masters die: a write counts as acknowledged only once WAIT confirms a
 * replica holds it (SET and WAIT on the same connection), which is the guarantee Redis Cluster gives across a
 * failover. Every acknowledged key must read back afterwards, except those in slots the test declares lost.
 */
public final class ReplicatedWriter extends BackgroundWriter {
    private static final long WAIT_MILLIS = 500;

    private final SlotRoutedConnections connections;
    private final List<Integer> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicInteger unreplicated = new AtomicInteger();
    private final String prefix;

    public ReplicatedWriter(String seedHost, String password, String prefix) {
        super("replicated-writer", 1);
        this.connections = new SlotRoutedConnections(new HostAndPort(seedHost, 6379),
                DefaultJedisClientConfig.builder().password(password).timeoutMillis(2000).build());
        this.prefix = prefix;
    }

    public ReplicatedWriter start() {
        startThread();
        return this;
    }

    private String key(int i) {
        return prefix + ":" + i;
    }

    @Override
    protected void write(int i) {
        String key = key(i);
        try (Connection connection = connections.forKey(key)) {
            Jedis jedis = new Jedis(connection);
            jedis.set(key, "value:" + i);
            if (jedis.waitReplicas(1, WAIT_MILLIS) >= 1) {
                acknowledged.add(i);
            } else {
                unreplicated.incrementAndGet();
            }
        }
    }

    @Override
    protected void afterFailure() {
        connections.renewSlots();
    }

    public int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Writes a master took but no replica confirmed in time: not acknowledged. */
    public int unreplicated() {
        return unreplicated.get();
    }

    /** Asserts every acknowledged key outside {@code lost} reads back, through {@code seedHost}. */
    public void verify(String seedHost, String password, SlotSet lost) {
        assertThat(acknowledged).isNotEmpty();
        try (JedisCluster reader = new JedisCluster(Set.of(new HostAndPort(seedHost, 6379)),
                DefaultJedisClientConfig.builder().password(password).timeoutMillis(2000).build(), 5)) {
            int checked = 0;
            for (int i : acknowledged) {
                if (!lost.contains(JedisClusterCRC16.getSlot(key(i)))) {
                    // A node restarted last may need a moment after Ready to see every slot covered again.
                    String value = ClusterDownRetry.get(reader, key(i), System.nanoTime() + TimeUnit.SECONDS.toNanos(15));
                    assertThat(value).as("acknowledged %s", key(i)).isEqualTo("value:" + i);
                    checked++;
                }
            }
            assertThat(checked).as("acknowledged keys outside lost slots").isPositive();
        }
    }

    @Override
    public void close() {
        super.close();
        connections.close();
    }
}
