package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.crd.CrdGeneration;
import dev.keyslot.operator.crd.IssuerReference;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterSpec;
import dev.keyslot.operator.crd.TlsSpec;
import dev.keyslot.operator.testing.TestCertificates;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterTlsTest {
    private static RedisCluster cluster(TlsSpec tls) {
        RedisClusterSpec spec = new RedisClusterSpec();
        spec.setTls(tls);
        RedisCluster cluster = new RedisCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("rc").withNamespace("ns").withUid("uid-1").build());
        cluster.setSpec(spec);
        return cluster;
    }

    private static TlsSpec secretTls(String secretName) {
        TlsSpec tls = new TlsSpec();
        tls.setSecretName(secretName);
        return tls;
    }

    private static String conf(RedisCluster cluster) {
        return new ClusterResources(cluster).configMap().getData().get(ClusterNames.CONFIG_FILE);
    }

    @Test
    void rendersTlsOnClientsReplicationAndTheBusWithThePlaintextPortOff() {
        RedisCluster cluster = cluster(secretTls("certs"));
        assertThat(conf(cluster)).startsWith("port 0\n").contains("tls-port 6379\n", "tls-cert-file /tls/tls.crt\n",
                "tls-key-file /tls/tls.key\n", "tls-ca-cert-file /tls/ca.crt\n", "tls-auth-clients optional\n",
                "tls-replication yes\n", "tls-cluster yes\n");

        PodSpec pod = new ClusterResources(cluster).statefulSet(0, 2).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null).singleElement()
                .as("the operator's copy of Secret certs, stepped through CA changes")
                .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("rc-tls-served"));
        Container node = pod.getContainers().get(0);
        assertThat(node.getVolumeMounts()).filteredOn(m -> m.getMountPath().equals("/tls")).singleElement()
                .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
        assertThat(String.join(" ", node.getReadinessProbe().getExec().getCommand()))
                .contains("redis-cli --tls --cacert /tls/ca.crt --user keyslot-operator");
        assertThat(node.getPorts()).extracting(p -> p.getName()).containsExactly("redis", "bus");
    }

    @Test
    void keepsAPlaintextPortWhenAsked() {
        TlsSpec tls = secretTls("certs");
        tls.setPlaintextPort(6380);
        ClusterResources resources = new ClusterResources(cluster(tls));

        assertThat(conf(cluster(tls))).startsWith("port 6380\n").contains("tls-port 6379\n");
        assertThat(resources.clientService().getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(Tuple.tuple("redis", 6379), Tuple.tuple("redis-plain", 6380));
        assertThat(resources.headlessService().getSpec().getPorts()).extracting(ServicePort::getName)
                .containsExactly("redis", "bus", "redis-plain");
        assertThat(resources.statefulSet(0, 2).getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                .anySatisfy(p -> assertThat(p.getName() + ":" + p.getContainerPort()).isEqualTo("redis-plain:6380"));
    }

    @Test
    void withoutTlsTheNodesStayPlaintext() {
        RedisCluster cluster = cluster(null);
        assertThat(conf(cluster)).startsWith("port 6379\n").doesNotContain("tls-");
        PodSpec pod = new ClusterResources(cluster).statefulSet(0, 2).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).noneMatch(v -> v.getSecret() != null);
        assertThat(String.join(" ", pod.getContainers().get(0).getReadinessProbe().getExec().getCommand())).doesNotContain("--tls");
    }

    @Test
    @SuppressWarnings("unchecked")
    void rendersACertManagerCertificateForTheIssuerWithThePodAndServiceNames() {
        TlsSpec tls = new TlsSpec();
        tls.setIssuerRef(new IssuerReference("ca-issuer", "ClusterIssuer"));
        RedisCluster cluster = cluster(tls);
        GenericKubernetesResource certificate = new ClusterResources(cluster).certificate();

        assertThat(certificate.getApiVersion()).isEqualTo("cert-manager.io/v1");
        assertThat(certificate.getKind()).isEqualTo("Certificate");
        assertThat(certificate.getMetadata().getName()).isEqualTo("rc-tls");
        assertThat(certificate.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-1"));
        assertThat((String) certificate.get("spec", "secretName")).isEqualTo("rc-tls");
        assertThat((Map<?, ?>) certificate.get("spec", "issuerRef"))
                .isEqualTo(Map.of("name", "ca-issuer", "kind", "ClusterIssuer", "group", "cert-manager.io"));
        assertThat((List<Object>) certificate.get("spec", "dnsNames")).contains("*.rc-nodes.ns.svc", "*.rc-nodes.ns.svc.cluster.local",
                "rc", "rc.ns", "rc.ns.svc", "rc.ns.svc.cluster.local");
        assertThat((List<Object>) certificate.get("spec", "usages")).contains("server auth", "client auth");
        assertThat((Map<?, ?>) certificate.get("spec", "privateKey")).isEqualTo(Map.of("encoding", "PKCS8"));
        assertThat(new ClusterResources(cluster).statefulSet(0, 2).getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getSecret() == null ? null : v.getSecret().getSecretName()).isEqualTo("rc-tls-served"));
    }

    @Test
    void readsTheSecretOnlyOnceItHoldsAllThreeFilesAndNeverPrintsThem() {
        TestCertificates.Issued issued = TestCertificates.newAuthority("test CA").issue("rc", List.of("rc.ns.svc"));
        assertThat(TlsSecret.of(null)).isEmpty();
        assertThat(TlsSecret.of(new SecretBuilder().withStringData(Map.of("tls.crt", issued.certificate(),
                "tls.key", issued.key())).build())).as("no ca.crt yet").isEmpty();

        TlsSecret secret = TlsSecret.of(issued.secret("rc-tls", "ns")).orElseThrow();
        assertThat(secret.certificate()).isEqualTo(issued.certificate());
        assertThat(secret.ca()).isEqualTo(issued.ca());
        assertThat(secret.leaf().getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(secret.toString()).doesNotContain("PRIVATE KEY").doesNotContain(issued.key());
    }

    @Test
    void theCrdAcceptsExactlyOneOfSecretNameAndIssuerRefAndNoSwitchOfARunningCluster() throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(
                Files.readString(Path.of("..", "crds", CrdGeneration.FILE_NAME)), CustomResourceDefinition.class);
        var spec = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertThat(spec.getXKubernetesValidations()).extracting(ValidationRule::getRule)
                .as("a running cluster cannot switch").contains("has(self.tls) == has(oldSelf.tls)");
        var tls = spec.getProperties().get("tls");
        assertThat(tls.getXKubernetesValidations()).extracting(ValidationRule::getRule)
                .contains("has(self.secretName) != has(self.issuerRef)");
        assertThat(tls.getProperties().get("issuerRef").getRequired()).containsExactly("name");
        assertThat(tls.getProperties().get("issuerRef").getProperties().get("kind").getPattern()).isEqualTo("^(Issuer|ClusterIssuer)$");
    }
}
