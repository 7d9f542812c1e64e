package dev.keyslot.operator.testing;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster client writing distinct keys in the background, remembering every acknowledged write, and
 * afterwards reading every one back. Failed writes are counted, not remembered: they were not acknowledged.
 */
public final class ClusterWriter implements AutoCloseable {
    private final JedisCluster cluster;
    private final List<Integer> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    public ClusterWriter(String seedHost, String password) {
        this(new HostAndPort(seedHost, 6379), DefaultJedisClientConfig.builder().password(password).timeoutMillis(2000).build());
    }

    /** @param password read for every new connection, so a client can switch passwords while it runs */
    public ClusterWriter(String seedHost, Supplier<String> password) {
        this(new HostAndPort(seedHost, 6379), DefaultJedisClientConfig.builder()
                .credentialsProvider(() -> new DefaultRedisCredentials(null, password.get()))
                .timeoutMillis(2000).build());
    }

    /** @param config client settings, e.g. a host mapper when nodes are reached through port forwards */
    public ClusterWriter(HostAndPort seed, JedisClientConfig config) {
        this.cluster = new JedisCluster(Set.of(seed), config, 10);
        this.thread = new Thread(this::writeLoop, "cluster-writer");
        thread.setDaemon(true);
    }

    public ClusterWriter start() {
        thread.start();
        return this;
    }

    private void writeLoop() {
        for (int i = 0; running; i++) {
            try {
                cluster.set("key:" + i, "value:" + i);
                acknowledged.add(i);
            } catch (RuntimeException e) {
                failures.incrementAndGet();
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int acknowledgedCount() {
        return acknowledged.size();
    }

    public int failures() {
        return failures.get();
    }

    /** Stops writing and asserts that every acknowledged key reads back with its value. */
    public void stopAndVerify() throws InterruptedException {
        running = false;
        thread.join(10_000);
        assertThat(acknowledged).isNotEmpty();
        for (int i : acknowledged) {
            assertThat(cluster.get("key:" + i)).as("acknowledged key:%d", i).isEqualTo("value:" + i);
        }
    }

    @Override
    public void close() {
        running = false;
        cluster.close();
    }
}
