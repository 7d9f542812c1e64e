package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.RedisCluster;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.UUID;

/** Kubernetes Events on a RedisCluster for every significant action, also logged. */
final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final RedisCluster cluster;

    EventRecorder(KubernetesClient client, RedisCluster cluster) {
        this.client = client;
        this.cluster = cluster;
    }

    void normal(String reason, String message) {
        record("Normal", reason, message);
    }

    void warning(String reason, String message) {
        record("Warning", reason, message);
    }

    private void record(String type, String reason, String message) {
        String name = cluster.getMetadata().getName();
        LOG.info("{} {}: {}", name, reason, message);
        String now = Instant.now().toString();
        try {
            client.v1().events().inNamespace(cluster.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(name + "." + UUID.randomUUID()).endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion(cluster.getApiVersion()).withKind(cluster.getKind()).withName(name)
                    .withNamespace(cluster.getMetadata().getNamespace()).withUid(cluster.getMetadata().getUid())
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent("keyslot-operator").endSource()
                    .build()).create();
        } catch (RuntimeException e) {
            LOG.warn("cannot record event {} on {}: {}", reason, name, e.toString());
        }
    }
}
