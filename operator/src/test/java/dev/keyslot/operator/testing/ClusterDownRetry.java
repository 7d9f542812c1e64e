package dev.keyslot.operator.testing;

import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisClusterException;

import java.util.concurrent.TimeUnit;

/**
 * Reads through a cluster client, asking again while a node answers CLUSTERDOWN: right after a failover or a
 * restart (or on a loaded machine) a node may briefly see a slot uncovered, which says nothing about lost writes.
 */
final class ClusterDownRetry {
    private ClusterDownRetry() {
    }

    /** GET key, retried every 200 ms while the reply is CLUSTERDOWN, until deadlineNanos ({@link System#nanoTime}). */
    static String get(JedisCluster cluster, String key, long deadlineNanos) {
        while (true) {
            try {
                return cluster.get(key);
            } catch (JedisClusterException e) {
                if (!String.valueOf(e.getMessage()).startsWith("CLUSTERDOWN") || System.nanoTime() > deadlineNanos) {
                    throw e;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
