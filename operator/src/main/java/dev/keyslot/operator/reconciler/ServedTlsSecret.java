package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.RedisCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Optional;

/** Reads and writes the operator's Secret of the TLS files the pods mount (see {@link CaRotation}). */
final class ServedTlsSecret {
    private final KubernetesClient client;
    private final RedisCluster cluster;
    private final ClusterResources resources;

    ServedTlsSecret(KubernetesClient client, RedisCluster cluster) {
        this.client = client;
        this.cluster = cluster;
        this.resources = new ClusterResources(cluster);
    }

    Optional<ServedTls> existing() {
        return ServedTls.of(client.secrets().inNamespace(cluster.getMetadata().getNamespace())
                .withName(resources.names().servedTlsSecret()).get());
    }

    /** The served files, the TLS Secret's as they are for a cluster that had none yet. */
    ServedTls ensure(TlsSecret source) {
        return existing().orElseGet(() -> {
            ServedTls initial = ServedTls.of(source);
            client.resource(resources.servedTlsSecret(initial)).create();
            return initial;
        });
    }

    void write(ServedTls served) {
        Secret desired = resources.servedTlsSecret(served);
        Secret existing = client.resource(desired).get();
        if (existing == null) {
            client.resource(desired).create();
        } else {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.resource(desired).update();
        }
    }
}
