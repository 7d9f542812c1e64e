package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RespConnection;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.testing.Await;
import dev.keyslot.operator.testing.ClusterWriter;
import dev.keyslot.operator.testing.SimulatedEnvironment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator (java-operator-sdk) against the mock API server, with the pod simulator running real
 * redis-server nodes: create a 3x1 cluster, then, writing throughout, scale to 4 masters and back to 3 with
 * live migration, replicas from 1 to 2 and back, and read every acknowledged write back.
 */
class RedisClusterScenarioTest {
    private static final String NS = "scenario";
    private static SimulatedEnvironment env;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        env = new SimulatedEnvironment(NS, 40, 120);
        client = env.client();
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    private static RedisCluster get(String name) {
        return env.get(name);
    }

    private static boolean isReady(String name, int masters) {
        return env.isReady(name, masters);
    }

    private static void setReplicas(int replicas) {
        env.edit("cache", spec -> spec.setReplicasPerMaster(replicas));
    }

    @Test
    void reportsAnInvalidSpecWithoutCreatingAnything() {
        env.create("bad", spec -> spec.setConfig(Map.of("cluster-enabled", "no")));

        AtomicReference<RedisClusterStatus> seen = new AtomicReference<>();
        Await.until("status Invalid", Duration.ofSeconds(30), () -> {
            seen.set(get("bad").getStatus());
            return seen.get() != null && "Invalid".equals(seen.get().getPhase());
        });
        assertThat(seen.get().getMessage()).contains("spec.config.cluster-enabled is not accepted");
        assertThat(seen.get().getConditions())
                .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus() + "/" + c.getReason()).isEqualTo("Ready=False/InvalidSpec"));
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("bad-0").get()).isNull();
        client.resources(RedisCluster.class).inNamespace(NS).withName("bad").delete();
        Await.until("invalid cluster deleted", Duration.ofSeconds(30), () -> get("bad") == null);
    }

    @Test
    void createsAThreeByOneClusterAndScalesMastersAndReplicasUnderWrites() throws InterruptedException {
        env.create("cache", spec -> {
            spec.setImage("redis:7.0");
            spec.setNodeTimeoutMillis(3000);
        });

        Await.until("3x1 cluster Ready", Duration.ofSeconds(120), () -> isReady("cache", 3));
        RedisClusterStatus status = get("cache").getStatus();
        assertThat(status.getClusterState()).isEqualTo("ok");
        assertThat(status.getSlotsOk()).isEqualTo(16384);
        assertThat(status.getReadyReplicas()).isEqualTo(3);
        assertThat(status.getNodes()).hasSize(6);
        assertThat(status.getReady()).isEqualTo("6/6");
        assertThat(client.apps().statefulSets().inNamespace(NS).list().getItems()).hasSize(3);
        assertThat(client.services().inNamespace(NS).withName("cache-nodes").get()).isNotNull();
        assertThat(client.configMaps().inNamespace(NS).withName("cache-config").get().getData().get("redis.conf"))
                .contains("cluster-enabled yes", "cluster-node-timeout 3000");

        String seed = status.getNodes().get(0).getIp();
        try (ClusterWriter writer = new ClusterWriter(seed, env.password("cache")).start()) {
            Await.until("some writes", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 200);

            env.edit("cache", spec -> {
                spec.setPaused(true);
                spec.setMasters(4);
            });
            Await.until("Paused", Duration.ofSeconds(30), () -> "Paused".equals(get("cache").getStatus().getPhase()));
            Thread.sleep(2000);
            assertThat(client.apps().statefulSets().inNamespace(NS).withName("cache-3").get()).isNull();
            assertThat(get("cache").getStatus().getReady()).as("a paused cluster is still observed").isEqualTo("6/8");

            env.edit("cache", spec -> spec.setPaused(false));
            Await.until("4x1 cluster Ready", Duration.ofSeconds(180), () -> isReady("cache", 4));
            RedisClusterStatus scaled = get("cache").getStatus();
            assertThat(scaled.getNodes()).hasSize(8);
            assertThat(scaled.getNodes()).filteredOn(n -> "master".equals(n.getRole()))
                    .allSatisfy(n -> assertThat(n.getSlots()).isNotEmpty());
            int writesBeforeScaleIn = writer.acknowledgedCount();

            env.edit("cache", spec -> spec.setMasters(3));
            Await.until("back to 3x1 and shard 3 deleted", Duration.ofSeconds(180), () -> isReady("cache", 3)
                    && client.apps().statefulSets().inNamespace(NS).withName("cache-3").get() == null);
            Await.until("writes after scale-in", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > writesBeforeScaleIn + 200);

            setReplicas(2);
            Await.until("3x2 Ready", Duration.ofSeconds(120), () -> isReady("cache", 3) && get("cache").getStatus().getReadyReplicas() == 6);
            assertThat(get("cache").getStatus().getNodes()).hasSize(9);
            setReplicas(1);
            Await.until("3x1 Ready with the third pods gone", Duration.ofSeconds(120), () -> isReady("cache", 3)
                    && client.pods().inNamespace(NS).withName("cache-0-2").get() == null);
            writer.stopAndVerify();
            System.out.printf("scenario writer: %d acknowledged writes, %d failed attempts%n",
                    writer.acknowledgedCount(), writer.failures());
        }
        RedisClusterStatus shrunk = get("cache").getStatus();
        assertThat(shrunk.getNodes()).hasSize(6).noneMatch(n -> n.getPod().startsWith("cache-3-"));
        assertThat(shrunk.getSlotsOk()).isEqualTo(16384);
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .extracting(e -> e.getReason()).contains("NodeMeet", "SlotsAssigned", "ReplicaAttached",
                        "MigrationStarted", "MigrationFinished", "ClusterReady", "NodeForgotten", "ShardDeleted");

        String anyNodeIp = shrunk.getNodes().get(0).getIp();
        client.resources(RedisCluster.class).inNamespace(NS).withName("cache").delete();
        Await.until("everything of the cluster deleted and its nodes stopped", Duration.ofSeconds(60), () -> get("cache") == null
                && client.apps().statefulSets().inNamespace(NS).list().getItems().isEmpty()
                && client.pods().inNamespace(NS).list().getItems().isEmpty()
                && client.services().inNamespace(NS).list().getItems().isEmpty()
                && client.configMaps().inNamespace(NS).withName("cache-config").get() == null
                && client.secrets().inNamespace(NS).withName("cache-auth").get() == null
                && env.simulator().ipOf("cache-0-0") == null);
        assertThatThrownBy(() -> RespConnection.open(NodeAddress.of(anyNodeIp), Duration.ofSeconds(1)))
                .isInstanceOf(UncheckedIOException.class);
    }
}
