package dev.keyslot.operator.testing;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster client writing distinct keys in the background, remembering every acknowledged write, and
 * afterwards reading every one back. Failed writes are counted, not remembered: they were not acknowledged.
 */
public final class ClusterWriter extends BackgroundWriter {
    private final JedisCluster cluster;
    private final List<Integer> acknowledged = new CopyOnWriteArrayList<>();

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
        super("cluster-writer", 1);
        this.cluster = new JedisCluster(Set.of(seed), config, 10);
    }

    public ClusterWriter start() {
        startThread();
        return this;
    }

    @Override
    protected void write(int i) {
        cluster.set("key:" + i, "value:" + i);
        acknowledged.add(i);
    }

    public int acknowledgedCount() {
        return acknowledged.size();
    }

    /**
     * Stops writing and asserts that every acknowledged key reads back with its value. A read refused with
     * CLUSTERDOWN is asked again for up to a minute: on a loaded machine a small cluster may briefly see a
     * master as unreachable, which says nothing about lost writes.
     */
    public void stopAndVerify() throws InterruptedException {
        stop();
        assertThat(acknowledged).isNotEmpty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i : acknowledged) {
            assertThat(ClusterDownRetry.get(cluster, "key:" + i, deadline)).as("acknowledged key:%d", i).isEqualTo("value:" + i);
        }
    }

    @Override
    public void close() {
        super.close();
        cluster.close();
    }
}
