package dev.keyslot.operator.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's own meters, beside java-operator-sdk's reconcile counts and durations: what it did to each
 * RedisCluster. Each cluster's meters are registered at zero when the operator first reconciles it, so rates work from
 * the first scrape, and removed when the resource is deleted.
 */
public final class OperatorMetrics {
    private final MeterRegistry registry;
    private final Map<String, ClusterMeters> clusters = new ConcurrentHashMap<>();

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The meters of the cluster with this uid, registered on first use. */
    public ClusterMeters of(String uid, String namespace, String name) {
        return clusters.computeIfAbsent(uid, u -> new ClusterMeters(registry, namespace, name));
    }

    /** Unregisters a deleted cluster's meters. */
    public void remove(String uid) {
        ClusterMeters meters = clusters.remove(uid);
        if (meters != null) {
            meters.unregister(registry);
        }
    }
}
