package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RespConnection;
import dev.keyslot.operator.admin.TlsTrust;
import dev.keyslot.operator.crd.CertificateStatus;
import dev.keyslot.operator.crd.IssuerReference;
import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.crd.TlsSpec;
import dev.keyslot.operator.testing.Await;
import dev.keyslot.operator.testing.ClusterWriter;
import dev.keyslot.operator.testing.NodeImage;
import dev.keyslot.operator.testing.SimulatedEnvironment;
import dev.keyslot.operator.testing.TestCertificates;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;

import javax.net.ssl.SSLSocketFactory;
import java.io.UncheckedIOException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A TLS cluster in the simulator, with the test playing cert-manager: it issues the
 * Certificate the operator asks for into its Secret, later renews it (new key, same CA) while a TLS cluster
 * client writes. The nodes reload the renewed certificate without restarting, no request fails and no replica is
 * promoted. Then a change of CA in a user's Secret, rolled out in steps.
 */
class TlsScenarioTest {
    private static final String NS = "tls";
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(3);
    @RegisterExtension
    static final SimulatedEnvironment env = new SimulatedEnvironment(NS, 40, 100);
    private static final KubernetesClient client = env.client();

    static List<NodeImage> images() {
        return NodeImage.selected();
    }

    @ParameterizedTest
    @MethodSource("images")
    void certManagerIssuedClusterRotatesItsCertificateUnderWritesWithoutFailuresOrRestarts(NodeImage image) throws InterruptedException {
        String name = image.cluster("secure");
        TestCertificates authority = TestCertificates.newAuthority("keyslot test CA");
        SSLSocketFactory trustingTheCa = TlsTrust.trusting(authority.caPem());
        // A rerun of this test finds the Secret the failed attempt's cert-manager stand-in issued.
        client.secrets().inNamespace(NS).withName(name + "-tls").delete();
        env.create(name, spec -> {
            spec.setImage(image.image());
            spec.setNodeTimeoutMillis(3000);
            TlsSpec tls = new TlsSpec();
            tls.setIssuerRef(new IssuerReference("test-ca", "ClusterIssuer"));
            spec.setTls(tls);
        });

        GenericKubernetesResource certificate = awaitCertificate(name + "-tls");
        @SuppressWarnings("unchecked")
        List<String> dnsNames = (List<String>) certificate.get("spec", "dnsNames");
        assertThat(dnsNames).contains("*." + name + "-nodes.tls.svc.cluster.local", name + ".tls.svc");
        Await.until("Pending for the TLS Secret", Duration.ofSeconds(30), () -> {
            RedisClusterStatus pending = env.get(name).getStatus();
            return pending != null && "Pending".equals(pending.getPhase());
        });
        assertThat(env.get(name).getStatus().getMessage()).contains(name + "-tls");
        assertThat(client.apps().statefulSets().inNamespace(NS).withLabel(ClusterNames.CLUSTER_LABEL, name).list().getItems())
                .as("no pod can mount a missing Secret").isEmpty();

        TestCertificates.Issued first = authority.issue(name + ".tls.svc", dnsNames);
        client.resource(first.secret(name + "-tls", NS)).create();
        Await.until("3x1 TLS cluster Ready", Duration.ofSeconds(420), () -> env.isReady(name, 3));
        RedisClusterStatus status = env.get(name).getStatus();
        assertThat(status.getNodes()).hasSize(6);
        assertThat(client.configMaps().inNamespace(NS).withName(name + "-config").get().getData().get("redis.conf"))
                .contains("port 0\n", "tls-port 6379\n", "tls-replication yes\n", "tls-cluster yes\n");
        String seed = status.getNodes().get(0).getIp();
        assertThatThrownBy(() -> ping(seed, null)).as("no plaintext client port").isInstanceOf(UncheckedIOException.class);
        Certificate firstCertificate = served(seed, trustingTheCa);
        assertThat(firstCertificate).isEqualTo(leaf(first));
        Map<String, String> runIds = runIds(name, status.getNodes(), trustingTheCa);
        awaitCertificateRolledOut(name, first);
        assertThat(env.get(name).getStatus().getCertificate().getSecretVersion())
                .isEqualTo(client.secrets().inNamespace(NS).withName(name + "-tls").get().getMetadata().getResourceVersion());

        DefaultJedisClientConfig tlsClient = DefaultJedisClientConfig.builder().password(env.password(name))
                .ssl(true).sslSocketFactory(trustingTheCa).timeoutMillis(2000).build();
        try (ClusterWriter writer = new ClusterWriter(new HostAndPort(seed, 6379), tlsClient).start()) {
            Await.until("writes over TLS", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 200);

            TestCertificates.Issued renewed = authority.issue(name + ".tls.svc", dnsNames);
            client.resource(renewed.secret(name + "-tls", NS)).update();
            Certificate renewedCertificate = leaf(renewed);
            Await.until("every node serves the renewed certificate", Duration.ofSeconds(120), () -> status.getNodes().stream()
                    .allMatch(n -> serves(n.getIp(), trustingTheCa, renewedCertificate)));
            awaitCertificateRolledOut(name, renewed);
            int writesAtRotation = writer.acknowledgedCount();
            Await.until("writes after the rotation", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > writesAtRotation + 200);

            writer.stopAndVerify();
            System.out.printf("TLS rotation writer (%s): %d acknowledged writes, %d failed attempts%n",
                    image, writer.acknowledgedCount(), writer.failures());
            assertThat(writer.failures()).as("failed requests during the certificate rotation").isZero();
        }
        assertThat(runIds(name, status.getNodes(), trustingTheCa)).as("no node restarted").isEqualTo(runIds);
        assertNoFailover(name, status);
        for (String reason : List.of("CertificateRequested", "CertificateReloaded")) {
            assertThat(FailureScenarioTest.events(client, NS, name, reason)).as(reason).isNotEmpty();
        }
    }

    /**
     * The user's Secret switches to a certificate of a new CA under a TLS cluster client's writes. The nodes trust both
     * CAs, then serve the new certificate, then trust the new CA only; no request fails, no node restarts or fails
     * over, and afterwards the old CA is neither served nor trusted.
     */
    @ParameterizedTest
    @MethodSource("images")
    void aNewCaRollsOutUnderWritesWithoutFailuresAndTheOldOneIsDropped(NodeImage image) throws InterruptedException {
        String name = image.cluster("newca");
        TestCertificates oldCa = TestCertificates.newAuthority("keyslot old CA");
        TestCertificates newCa = TestCertificates.newAuthority("keyslot new CA");
        List<String> dnsNames = List.of("*." + name + "-nodes.tls.svc", name + ".tls.svc");
        TestCertificates.Issued before = oldCa.issue(name + ".tls.svc", dnsNames);
        client.resource(before.secret(name + "-certs", NS)).createOr(NonDeletingOperation::update);
        env.create(name, spec -> {
            spec.setImage(image.image());
            spec.setNodeTimeoutMillis(3000);
            TlsSpec tls = new TlsSpec();
            tls.setSecretName(name + "-certs");
            spec.setTls(tls);
        });
        Await.until("3x1 TLS cluster Ready", Duration.ofSeconds(420), () -> env.isReady(name, 3));
        awaitCertificateRolledOut(name, before);
        RedisClusterStatus status = env.get(name).getStatus();
        Map<String, String> runIds = runIds(name, status.getNodes(), TlsTrust.trusting(oldCa.caPem()));

        // A client given the new CA ahead of the change, as the served ca.crt bundle will have it.
        SSLSocketFactory trustingBoth = TlsTrust.trusting(oldCa.caPem() + newCa.caPem());
        DefaultJedisClientConfig tlsClient = DefaultJedisClientConfig.builder().password(env.password(name))
                .ssl(true).sslSocketFactory(trustingBoth).timeoutMillis(2000).build();
        TestCertificates.Issued after = newCa.issue(name + ".tls.svc", dnsNames);
        try (ClusterWriter writer = new ClusterWriter(new HostAndPort(status.getNodes().get(0).getIp(), 6379), tlsClient).start()) {
            Await.until("writes over TLS", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 200);

            client.resource(after.secret(name + "-certs", NS)).update();
            awaitCertificateRolledOut(name, after, Duration.ofSeconds(240));
            int writesAtRotation = writer.acknowledgedCount();
            Await.until("writes after the CA change", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > writesAtRotation + 200);

            writer.stopAndVerify();
            System.out.printf("CA rotation writer (%s): %d acknowledged writes, %d failed attempts%n",
                    image, writer.acknowledgedCount(), writer.failures());
            assertThat(writer.failures()).as("failed requests during the CA change").isZero();
        }
        assertThat(FailureScenarioTest.events(client, NS, name, "CaRotationStep")).extracting(e -> e.getMessage())
                .anySatisfy(m -> assertThat(m).contains("trust the old and the new CA"))
                .anySatisfy(m -> assertThat(m).contains("serve the new certificate"))
                .anySatisfy(m -> assertThat(m).contains("stop trusting the old CA"));
        assertThat(env.get(name).getStatus().getCertificate().getCaRotation()).isNull();
        SSLSocketFactory trustingTheNewCa = TlsTrust.trusting(newCa.caPem());
        assertThat(runIds(name, status.getNodes(), trustingTheNewCa)).as("no node restarted").isEqualTo(runIds);
        assertNoFailover(name, status);
        SSLSocketFactory presentingTheOldCertificate = TlsTrust.presenting(newCa.caPem(), before.certificate(), before.key()).orElseThrow();
        SSLSocketFactory presentingTheNewCertificate = TlsTrust.presenting(newCa.caPem(), after.certificate(), after.key()).orElseThrow();
        for (NodeStatus node : status.getNodes()) {
            NodeAddress address = NodeAddress.of(node.getIp());
            assertThat(TlsProbe.connect(address, IO_TIMEOUT, TlsTrust.trusting(oldCa.caPem())).verdict())
                    .as("%s serves no certificate of the old CA", node.getPod()).isEqualTo(TlsProbe.Verdict.REJECTED);
            assertThat(TlsProbe.connect(address, IO_TIMEOUT, presentingTheOldCertificate).verdict())
                    .as("%s no longer trusts the old CA", node.getPod()).isEqualTo(TlsProbe.Verdict.REJECTED);
            assertThat(TlsProbe.connect(address, IO_TIMEOUT, presentingTheNewCertificate).verdict())
                    .as("%s trusts the new CA", node.getPod()).isEqualTo(TlsProbe.Verdict.ACCEPTED);
        }
    }

    /** Every master of {@code before} is still a master, and the operator saw no replica promoted. */
    private static void assertNoFailover(String name, RedisClusterStatus before) {
        assertThat(env.isReady(name, 3)).isTrue();
        assertThat(masters(env.get(name).getStatus())).as("masters").isEqualTo(masters(before));
        assertThat(FailureScenarioTest.events(client, NS, name, "FailoverObserved")).as("FailoverObserved events").isEmpty();
    }

    private static Set<String> masters(RedisClusterStatus status) {
        return status.getNodes().stream().filter(n -> "master".equals(n.getRole())).map(NodeStatus::getPod).collect(Collectors.toSet());
    }

    /** status.certificate says the rotation to {@code issued} is complete, naming its serial on every node. */
    private static void awaitCertificateRolledOut(String name, TestCertificates.Issued issued) {
        awaitCertificateRolledOut(name, issued, Duration.ofSeconds(60));
    }

    private static void awaitCertificateRolledOut(String name, TestCertificates.Issued issued, Duration timeout) {
        String serial = ((X509Certificate) leaf(issued)).getSerialNumber().toString(16);
        try {
            Await.until("status.certificate Complete with serial " + serial, timeout, () -> {
                CertificateStatus certificate = env.get(name).getStatus().getCertificate();
                return certificate != null && CertificateStatus.COMPLETE.equals(certificate.getState()) && serial.equals(certificate.getSerial());
            });
        } catch (AssertionError e) {
            RedisClusterStatus status = env.get(name).getStatus();
            CertificateStatus certificate = status.getCertificate();
            throw new AssertionError(e.getMessage() + "; phase " + status.getPhase() + " (" + status.getMessage() + "), certificate "
                    + (certificate == null ? "none" : certificate.getState() + " " + certificate.getCaRotation() + " " + certificate.getNodes()), e);
        }
        CertificateStatus certificate = env.get(name).getStatus().getCertificate();
        assertThat(certificate.getNodes()).hasSize(6).allSatisfy((pod, served) -> assertThat(served).as(pod).isEqualTo(serial));
        assertThat(certificate.getNotAfter()).isEqualTo(((X509Certificate) leaf(issued)).getNotAfter().toInstant().toString());
        assertThat(FailureScenarioTest.events(client, NS, name, "CertificateRotationComplete"))
                .anySatisfy(e -> assertThat(e.getMessage()).contains(serial));
    }

    /** The cert-manager Certificate the operator asks for, issuing into the Secret of the same name. */
    private static GenericKubernetesResource awaitCertificate(String secretName) {
        Await.until("cert-manager Certificate created", Duration.ofSeconds(30), () ->
                client.genericKubernetesResources(TlsProvisioning.CERTIFICATES).inNamespace(NS).withName(secretName).get() != null);
        GenericKubernetesResource certificate = client.genericKubernetesResources(TlsProvisioning.CERTIFICATES).inNamespace(NS)
                .withName(secretName).get();
        assertThat((String) certificate.get("spec", "secretName")).isEqualTo(secretName);
        return certificate;
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

    /** Whether a fresh handshake gets {@code expected}; false too when the handshake times out on a loaded machine. */
    private static boolean serves(String ip, SSLSocketFactory tls, Certificate expected) {
        try {
            return expected.equals(served(ip, tls));
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static String ping(String ip, SSLSocketFactory tls) {
        try (RespConnection connection = RespConnection.open(NodeAddress.of(ip), IO_TIMEOUT, tls)) {
            return connection.callString("PING");
        }
    }

    /** Each node's run_id, which a restarted process changes. */
    private static Map<String, String> runIds(String cluster, List<NodeStatus> nodes, SSLSocketFactory tls) {
        Map<String, String> runIds = new HashMap<>();
        for (NodeStatus node : nodes) {
            try (RespConnection connection = RespConnection.open(NodeAddress.of(node.getIp()), IO_TIMEOUT, tls)) {
                connection.call("AUTH", env.password(cluster));
                String info = connection.callString("INFO", "server");
                runIds.put(node.getPod(), info.lines().filter(l -> l.startsWith("run_id:")).findFirst().orElseThrow());
            }
        }
        return runIds;
    }
}
