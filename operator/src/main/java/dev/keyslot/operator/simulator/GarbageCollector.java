package dev.keyslot.operator.simulator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays Kubernetes' garbage collector, which the mock API server lacks: deletes objects whose owner is gone
 * (or was replaced by a new object with the same name).
 */
final class GarbageCollector {
    private final KubernetesClient client;
    private final String namespace;

    GarbageCollector(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    void collect() {
        List<HasMetadata> candidates = new ArrayList<>();
        candidates.addAll(client.apps().statefulSets().inNamespace(namespace).list().getItems());
        candidates.addAll(client.services().inNamespace(namespace).list().getItems());
        candidates.addAll(client.configMaps().inNamespace(namespace).list().getItems());
        candidates.addAll(client.secrets().inNamespace(namespace).list().getItems());
        candidates.addAll(client.policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems());
        Map<String, Boolean> ownerExists = new HashMap<>();
        for (HasMetadata object : candidates) {
            for (OwnerReference owner : object.getMetadata().getOwnerReferences()) {
                boolean exists = ownerExists.computeIfAbsent(owner.getUid(), uid -> exists(owner));
                if (!exists) {
                    client.resource(object).delete();
                    break;
                }
            }
        }
    }

    private boolean exists(OwnerReference owner) {
        GenericKubernetesResource current = client.genericKubernetesResources(owner.getApiVersion(), owner.getKind())
                .inNamespace(namespace).withName(owner.getName()).get();
        return current != null && owner.getUid().equals(current.getMetadata().getUid());
    }
}
