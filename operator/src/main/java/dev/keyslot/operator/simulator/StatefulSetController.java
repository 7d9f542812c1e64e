package dev.keyslot.operator.simulator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Objects;

/**
 * Plays the StatefulSet controller: creates every missing pod of a StatefulSet from its current template, with
 * one PersistentVolumeClaim per volume claim template ({@code <template>-<pod>}) created when absent and kept
 * across pod restarts, and deletes the pods of StatefulSets that shrank or went away, with their PVCs when the
 * retention policy says so.
 */
final class StatefulSetController {
    private static final String STATEFULSET_POD_LABEL = "statefulset.kubernetes.io/pod-name";

    private final KubernetesClient client;
    private final String namespace;

    StatefulSetController(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    void sync() {
        List<StatefulSet> statefulSets = client.apps().statefulSets().inNamespace(namespace).list().getItems();
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
        createMissingPods(statefulSets, pods);
        removeSurplusPods(statefulSets, pods);
    }

    private void createMissingPods(List<StatefulSet> statefulSets, List<Pod> pods) {
        for (StatefulSet sts : statefulSets) {
            int replicas = Objects.requireNonNullElse(sts.getSpec().getReplicas(), 1);
            for (int ordinal = 0; ordinal < replicas; ordinal++) {
                String name = sts.getMetadata().getName() + "-" + ordinal;
                if (pods.stream().noneMatch(p -> p.getMetadata().getName().equals(name))) {
                    ensureClaims(sts, name);
                    client.pods().inNamespace(namespace).resource(newPod(sts, name)).create();
                }
            }
        }
    }

    private void ensureClaims(StatefulSet sts, String podName) {
        for (PersistentVolumeClaim template : sts.getSpec().getVolumeClaimTemplates()) {
            String claim = template.getMetadata().getName() + "-" + podName;
            if (client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get() == null) {
                client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName(claim).withNamespace(namespace)
                        .withLabels(sts.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
                        .withSpec(template.getSpec())
                        .build()).create();
            }
        }
    }

    private static Pod newPod(StatefulSet sts, String name) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(sts.getMetadata().getNamespace())
                .withLabels(sts.getSpec().getTemplate().getMetadata().getLabels())
                .withAnnotations(sts.getSpec().getTemplate().getMetadata().getAnnotations())
                .addToLabels(STATEFULSET_POD_LABEL, name)
                .withOwnerReferences(ownerReference(sts))
                .endMetadata()
                .withSpec(sts.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
    }

    private static OwnerReference ownerReference(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .build();
    }

    /** Pods of StatefulSets that shrank or were deleted go, as the controller removes them. */
    private void removeSurplusPods(List<StatefulSet> statefulSets, List<Pod> pods) {
        for (Pod pod : pods) {
            OwnerReference owner = pod.getMetadata().getOwnerReferences().stream()
                    .filter(o -> "StatefulSet".equals(o.getKind())).findFirst().orElse(null);
            if (owner == null) {
                continue;
            }
            StatefulSet sts = statefulSets.stream().filter(s -> s.getMetadata().getUid().equals(owner.getUid()))
                    .findFirst().orElse(null);
            String name = pod.getMetadata().getName();
            int ordinal = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
            if (sts == null || ordinal >= Objects.requireNonNullElse(sts.getSpec().getReplicas(), 1)) {
                client.pods().inNamespace(namespace).resource(pod).delete();
                if (sts != null && deletesClaimsOnScaleIn(sts)) {
                    sts.getSpec().getVolumeClaimTemplates().forEach(t -> client.persistentVolumeClaims()
                            .inNamespace(namespace).withName(t.getMetadata().getName() + "-" + name).delete());
                }
            }
        }
    }

    private static boolean deletesClaimsOnScaleIn(StatefulSet sts) {
        var policy = sts.getSpec().getPersistentVolumeClaimRetentionPolicy();
        return policy != null && "Delete".equals(policy.getWhenScaled());
    }
}
