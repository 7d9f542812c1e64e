package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RespConnection;
import dev.keyslot.operator.admin.TlsTrust;
import dev.keyslot.operator.crd.IssuerReference;
import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.crd.TlsSpec;
import dev.keyslot.operator.testing.Await;
import dev.keyslot.operator.testing.ClusterWriter;
import dev.keyslot.operator.testing.SimulatedEnvironment;
import dev.keyslot.operator.testing.TestCertificates;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;

import javax.net.ssl.SSLSocketFactory;
import java.io.UncheckedIOException;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A TLS cluster of redis:7 nodes in the simulator, with the test playing cert-manager: it issues the
 * Certificate the operator asks for into its Secret, later renews it (new key, same CA) while a TLS cluster
 * client writes. The nodes reload the renewed certificate without restarting and no request fails.
 */
class TlsScenarioTest {
    private static final String NS = "tls";
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(3);
    private static SimulatedEnvironment env;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        env = new SimulatedEnvironment(NS, 40, 100);
        client = env.client();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void certManagerIssuedClusterRotatesItsCertificateUnderWritesWithoutFailuresOrRestarts() throws InterruptedException {
        TestCertificates authority = TestCertificates.newAuthority("keyslot test CA");
        SSLSocketFactory trustingTheCa = TlsTrust.trusting(authority.caPem());
        env.create("secure", spec -> {
            spec.setImage("redis:7.0");
            spec.setNodeTimeoutMillis(3000);
            TlsSpec tls = new TlsSpec();
            tls.setIssuerRef(new IssuerReference("test-ca", "ClusterIssuer"));
            spec.setTls(tls);
        });

        GenericKubernetesResource certificate = awaitCertificate();
        assertThat((String) certificate.get("spec", "secretName")).isEqualTo("secure-tls");
        @SuppressWarnings("unchecked")
        List<String> dnsNames = (List<String>) certificate.get("spec", "dnsNames");
        assertThat(dnsNames).contains("*.secure-nodes.tls.svc.cluster.local", "secure.tls.svc");
        Await.until("Pending for the TLS Secret", Duration.ofSeconds(30), () -> env.get("secure").getStatus() != null
                && "Pending".equals(env.get("secure").getStatus().getPhase()));
        assertThat(env.get("secure").getStatus().getMessage()).contains("secure-tls");
        assertThat(client.apps().statefulSets().inNamespace(NS).list().getItems()).as("no pod can mount a missing Secret").isEmpty();

        TestCertificates.Issued first = authority.issue("secure.tls.svc", dnsNames);
        client.resource(first.secret("secure-tls", NS)).create();
        Await.until("3x1 TLS cluster Ready", Duration.ofSeconds(180), () -> env.isReady("secure", 3));
        RedisClusterStatus status = env.get("secure").getStatus();
        assertThat(status.getNodes()).hasSize(6);
        assertThat(client.configMaps().inNamespace(NS).withName("secure-config").get().getData().get("redis.conf"))
                .contains("port 0\n", "tls-port 6379\n", "tls-replication yes\n", "tls-cluster yes\n");
        String seed = status.getNodes().get(0).getIp();
        assertThatThrownBy(() -> ping(seed, null)).as("no plaintext client port").isInstanceOf(UncheckedIOException.class);
        Certificate firstCertificate = served(seed, trustingTheCa);
        assertThat(firstCertificate).isEqualTo(leaf(first));
        Map<String, String> runIds = runIds(status.getNodes(), trustingTheCa);

        DefaultJedisClientConfig tlsClient = DefaultJedisClientConfig.builder().password(env.password("secure"))
                .ssl(true).sslSocketFactory(trustingTheCa).timeoutMillis(2000).build();
        try (ClusterWriter writer = new ClusterWriter(new HostAndPort(seed, 6379), tlsClient).start()) {
            Await.until("writes over TLS", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 200);

            TestCertificates.Issued renewed = authority.issue("secure.tls.svc", dnsNames);
            client.resource(renewed.secret("secure-tls", NS)).update();
            Certificate renewedCertificate = leaf(renewed);
            Await.until("every node serves the renewed certificate", Duration.ofSeconds(120), () -> status.getNodes().stream()
                    .allMatch(n -> renewedCertificate.equals(served(n.getIp(), trustingTheCa))));
            int writesAtRotation = writer.acknowledgedCount();
            Await.until("writes after the rotation", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > writesAtRotation + 200);

            writer.stopAndVerify();
            System.out.printf("TLS rotation writer: %d acknowledged writes, %d failed attempts%n",
                    writer.acknowledgedCount(), writer.failures());
            assertThat(writer.failures()).as("failed requests during the certificate rotation").isZero();
        }
        assertThat(runIds(status.getNodes(), trustingTheCa)).as("no node restarted").isEqualTo(runIds);
        assertThat(env.isReady("secure", 3)).isTrue();
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).extracting(e -> e.getReason())
                .contains("CertificateRequested", "CertificateReloaded");
    }

    private static GenericKubernetesResource awaitCertificate() {
        Await.until("cert-manager Certificate created", Duration.ofSeconds(30), () ->
                client.genericKubernetesResources(TlsProvisioning.CERTIFICATES).inNamespace(NS).withName("secure-tls").get() != null);
        return client.genericKubernetesResources(TlsProvisioning.CERTIFICATES).inNamespace(NS).withName("secure-tls").get();
    }

    private static Certificate leaf(TestCertificates.Issued issued) {
        try {
            return TlsTrust.certificates(issued.certificate()).iterator().next();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Certificate served(String ip, SSLSocketFactory tls) {
        try (RespConnection connection = RespConnection.open(NodeAddress.of(ip), IO_TIMEOUT, tls)) {
            return connection.peerCertificate();
        }
    }

    private static String ping(String ip, SSLSocketFactory tls) {
        try (RespConnection connection = RespConnection.open(NodeAddress.of(ip), IO_TIMEOUT, tls)) {
            return connection.callString("PING");
        }
    }

    /** Each node's run_id, which a restarted process changes. */
    private static Map<String, String> runIds(List<NodeStatus> nodes, SSLSocketFactory tls) {
        Map<String, String> runIds = new HashMap<>();
        for (NodeStatus node : nodes) {
            try (RespConnection connection = RespConnection.open(NodeAddress.of(node.getIp()), IO_TIMEOUT, tls)) {
                connection.call("AUTH", env.password("secure"));
                String info = connection.callString("INFO", "server");
                runIds.put(node.getPod(), info.lines().filter(l -> l.startsWith("run_id:")).findFirst().orElseThrow());
            }
        }
        return runIds;
    }
}
