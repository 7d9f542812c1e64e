package dev.keyslot.operator.incluster;

import dev.keyslot.operator.crd.CrdGeneration;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.testing.Await;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-cluster mode against the mock API server: probes answer, leader election takes its lease, and the
 * reconciliation metrics count a reconcile. No nodes are needed: the cluster created has an invalid spec.
 * The mock server answers the lease access review that leader election asks for before it starts, as an API
 * server does for an account allowed to manage leases.
 */
class ClusterModeTest {
    private static KubernetesMockServer server;
    private static KubernetesClient client;
    private static ClusterMode mode;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().addNewResourceRule()
                        .withApiGroups("coordination.k8s.io").withResources("leases").withVerbs("*")
                        .endResourceRule().withIncomplete(false).endStatus().build())
                .always();
        client = server.createClient();
        try (InputStream crd = ClusterModeTest.class.getResourceAsStream("/crds/" + CrdGeneration.FILE_NAME)) {
            // created again, not refused, when a starved client times out and resends its first request
            client.load(crd).resources().forEach(r -> r.createOr(NonDeletingOperation::update));
        }
        mode = ClusterMode.start(client, ClusterModeSettings.of(Set.of("apps"),
                Map.of(ClusterModeSettings.HTTP_PORT_ENV, "0", ClusterModeSettings.LEASE_NAMESPACE_ENV, "keyslot-system")));
    }

    @AfterAll
    static void stop() {
        if (mode != null) {
            mode.close();
        }
        if (server != null) {
            client.close();
            server.destroy();
        }
    }

    private static HttpResponse<String> get(String path) {
        return get(mode, path);
    }

    private static HttpResponse<String> get(ClusterMode replica, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void settingsComeFromTheEnvironmentWithDefaults() {
        ClusterModeSettings defaults = ClusterModeSettings.of(Set.of(), Map.of());
        assertThat(defaults.httpPort()).isEqualTo(8080);
        assertThat(defaults.leaderElection()).isFalse();
        ClusterModeSettings set = ClusterModeSettings.of(Set.of("a"), Map.of("KEYSLOT_HTTP_PORT", " 9000 ",
                "KEYSLOT_LEADER_ELECTION_NAMESPACE", "ops"));
        assertThat(set.httpPort()).isEqualTo(9000);
        assertThat(set.leaseNamespace()).isEqualTo("ops");
        assertThat(set.leaseIdentity()).as("the pod's HOSTNAME, as java-operator-sdk takes it").isNull();
    }

    /**
     * Two replicas with leader election: only the lease holder reconciles, and the standby takes over once the
     * leader is gone and its lease has expired. Their own lease namespace and watched namespace keep them apart
     * from the operator the other tests share.
     */
    @Test
    void aStandbyReplicaReconcilesNothingUntilTheLeaderIsGone() throws InterruptedException {
        ClusterMode first = ClusterMode.start(client, replica("first"));
        try (ClusterMode second = ClusterMode.start(client, replica("second"))) {
            try {
                Await.until("the first replica leads", Duration.ofSeconds(30), () -> "first".equals(leaseHolder()));
                RedisCluster cluster = new RedisCluster();
                cluster.setMetadata(new ObjectMetaBuilder().withName("ha").withNamespace("ha-apps").build());
                cluster.getSpec().setConfig(Map.of("port", "7000"));
                client.resource(cluster).create();
                Await.until("the leader reconciled it", Duration.ofSeconds(30), () -> get(first, "/metrics").body().contains("cluster=\"ha\""));
                Thread.sleep(3000);
                assertThat(get(second, "/metrics").body()).as("the standby never reconciled").doesNotContain("cluster=\"ha\"");
                assertThat(leaseHolder()).isEqualTo("first");
            } finally {
                first.close();
            }
            Await.until("the standby leads once the lease expired", Duration.ofSeconds(60), () -> "second".equals(leaseHolder()));
            Await.until("the new leader reconciles", Duration.ofSeconds(30), () -> get(second, "/metrics").body().contains("cluster=\"ha\""));
        }
    }

    private static ClusterModeSettings replica(String identity) {
        return ClusterModeSettings.of(Set.of("ha-apps"), Map.of(ClusterModeSettings.HTTP_PORT_ENV, "0",
                ClusterModeSettings.LEASE_NAMESPACE_ENV, "ha-system", ClusterModeSettings.LEASE_IDENTITY_ENV, identity));
    }

    private static String leaseHolder() {
        Lease lease = client.leases().inNamespace("ha-system").withName(ClusterModeSettings.LEASE_NAME).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void probesAnswerAndTheLeaderHoldsItsLease() {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        Await.until("readyz 200", Duration.ofSeconds(30), () -> get("/readyz").statusCode() == 200);
        Await.until("lease taken", Duration.ofSeconds(30), () -> {
            Lease lease = client.leases().inNamespace("keyslot-system").withName(ClusterModeSettings.LEASE_NAME).get();
            return lease != null && lease.getSpec().getHolderIdentity() != null;
        });
    }

    @Test
    void metricsCountReconciliations() {
        RedisCluster cluster = new RedisCluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("metered").withNamespace("apps").build());
        cluster.getSpec().setConfig(Map.of("port", "7000"));
        client.resource(cluster).create();

        Await.until("a reconciliation counted and the cluster's meters registered", Duration.ofSeconds(30),
                () -> get("/metrics").body().contains("operator_sdk_reconciliations_started_total")
                        && get("/metrics").body().contains("keyslot_operator_slots_moved_total{cluster=\"metered\""));
        assertThat(get("/metrics").body()).as("the operator's own meters, registered at zero")
                .contains("keyslot_operator_slots_moved_total{cluster=\"metered\",namespace=\"apps\"} 0")
                .contains("keyslot_operator_failovers_forced_total{cluster=\"metered\",mode=\"takeover\",namespace=\"apps\"} 0");
        assertThat(get("/metrics").headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    }
}
