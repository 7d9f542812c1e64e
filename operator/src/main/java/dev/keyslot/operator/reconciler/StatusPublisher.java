package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a cluster's status subresource so that the next reconcile reads it back. The reconciler starts from the
 * informer's copy, which can lag behind the operator's own last write; a reconcile started from an older status would
 * drop what only the status remembers (slots reported lost, forced failover attempts, rotation progress). So each
 * write uses optimistic locking and is kept in JOSDK's overlay cache until the informer catches up.
 */
final class StatusPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);

    private final RedisCluster cluster;
    private final Context<RedisCluster> context;

    StatusPublisher(RedisCluster cluster, Context<RedisCluster> context) {
        this.cluster = cluster;
        this.context = context;
    }

    /** Replaces the whole status (fields that went away, such as a finished migration, must disappear too). */
    void publish(RedisClusterStatus status) {
        cluster.setStatus(status);
        try {
            RedisCluster written = PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(cluster, context,
                    latest -> statusOnly(latest, status));
            // The next write of this reconcile is based on this one, not on the version the reconcile started from.
            cluster.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
        } catch (RuntimeException e) {
            LOG.warn("cannot update status of {}: {}", cluster.getMetadata().getName(), e.toString());
        }
    }

    /** The status subresource's request body: the spec is the user's and is never sent back. */
    private static RedisCluster statusOnly(RedisCluster latest, RedisClusterStatus status) {
        RedisCluster update = new RedisCluster();
        update.setMetadata(new ObjectMetaBuilder()
                .withName(latest.getMetadata().getName())
                .withNamespace(latest.getMetadata().getNamespace())
                .withResourceVersion(latest.getMetadata().getResourceVersion())
                .build());
        update.setSpec(latest.getSpec());
        update.setStatus(status);
        return update;
    }
}
