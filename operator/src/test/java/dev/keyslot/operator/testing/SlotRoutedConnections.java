package dev.keyslot.operator.testing;

import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.providers.ClusterConnectionProvider;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.util.Set;

/**
 * Connections to the master of a key's slot, for writers that run more than one command per write on the
 * same connection (SET then WAIT) or time each write themselves; the slot map is refreshed after a failure.
 */
final class SlotRoutedConnections implements AutoCloseable {
    private final ClusterConnectionProvider provider;

    SlotRoutedConnections(HostAndPort seed, JedisClientConfig config) {
        this.provider = new ClusterConnectionProvider(Set.of(seed), config);
    }

    Connection forKey(String key) {
        return provider.getConnectionFromSlot(JedisClusterCRC16.getSlot(key));
    }

    void renewSlots() {
        try {
            provider.renewSlotCache();
        } catch (RuntimeException e) {
            BackgroundWriter.pause(100);
        }
    }

    @Override
    public void close() {
        provider.close();
    }
}
