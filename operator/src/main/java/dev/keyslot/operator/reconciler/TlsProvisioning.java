package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.RedisCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.Optional;

/**
 * Gets a TLS cluster its certificates: with spec.tls.issuerRef it applies a cert-manager Certificate (as a
 * generic resource, so no cert-manager model or CRD is needed to build the operator), then reads the Secret,
 * the user's or cert-manager's.
 */
final class TlsProvisioning {
    static final ResourceDefinitionContext CERTIFICATES = new ResourceDefinitionContext.Builder()
            .withGroup("cert-manager.io").withVersion("v1").withKind("Certificate").withPlural("certificates")
            .withNamespaced(true).build();

    private final KubernetesClient client;
    private final RedisCluster cluster;
    private final EventRecorder events;

    TlsProvisioning(KubernetesClient client, RedisCluster cluster, EventRecorder events) {
        this.client = client;
        this.cluster = cluster;
        this.events = events;
    }

    /** Applies the Certificate when an issuer is named; false when the API server refused it. */
    boolean applyCertificate() {
        if (cluster.getSpec().getTls().getIssuerRef() == null) {
            return true;
        }
        GenericKubernetesResource desired = new ClusterResources(cluster).certificate();
        var certificates = client.genericKubernetesResources(CERTIFICATES).inNamespace(cluster.getMetadata().getNamespace());
        try {
            GenericKubernetesResource existing = certificates.withName(desired.getMetadata().getName()).get();
            if (existing == null) {
                certificates.resource(desired).create();
                events.normal("CertificateRequested", "cert-manager Certificate " + desired.getMetadata().getName()
                        + " created for Secret " + ClusterTls.secretName(cluster));
            } else if (!desired.get("spec").equals(existing.get("spec"))) {
                desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                certificates.resource(desired).update();
            }
            return true;
        } catch (KubernetesClientException e) {
            events.warning("CertificateFailed", "cannot apply cert-manager Certificate " + desired.getMetadata().getName()
                    + " (is cert-manager installed?): " + e.getMessage());
            return false;
        }
    }

    /** The certificates, once their Secret is complete. */
    Optional<TlsSecret> secret() {
        return TlsSecret.of(client.secrets().inNamespace(cluster.getMetadata().getNamespace())
                .withName(ClusterTls.secretName(cluster)).get());
    }
}
