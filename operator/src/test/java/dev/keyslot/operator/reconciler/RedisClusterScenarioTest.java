package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RespConnection;
import dev.keyslot.operator.crd.RedisCluster;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.testing.Await;
import dev.keyslot.operator.testing.ClusterWriter;
import dev.keyslot.operator.testing.NodeImage;
import dev.keyslot.operator.testing.SimulatedEnvironment;
import dev.keyslot.operator.topology.SlotSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator (java-operator-sdk) against the mock API server, with the pod simulator running real nodes of
 * each image (redis-server, the Keyslot data node): create a 3x1 cluster, then, writing throughout, scale to 4 masters and back to 3 with
 * live migration, replicas from 1 to 2 and back, and read every acknowledged write back.
 */
class RedisClusterScenarioTest {
    private static final String NS = "scenario";
    /** Moving a quarter of the slots under writes; data node pods on a loaded 2-core box need minutes for it. */
    private static final Duration MIGRATION_TIMEOUT = Duration.ofMinutes(6);
    @RegisterExtension
    static final SimulatedEnvironment env = new SimulatedEnvironment(NS, 40, 120);
    private static final KubernetesClient client = env.client();

    private static RedisCluster get(String name) {
        return env.get(name);
    }

    private static boolean isReady(String name, int masters) {
        return env.isReady(name, masters);
    }

    /** The cluster's status as JSON: where a wait that timed out stood (the planner's reason is in its message). */
    private static String statusOf(String name) {
        RedisCluster cluster = get(name);
        return cluster == null ? "no cluster" : client.getKubernetesSerialization().asJson(cluster.getStatus());
    }

    private static void setReplicas(String name, int replicas) {
        env.edit(name, spec -> spec.setReplicasPerMaster(replicas));
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

    @ParameterizedTest
    @MethodSource("dev.keyslot.operator.testing.NodeImage#selected")
    void createsAThreeByOneClusterAndScalesMastersAndReplicasUnderWrites(NodeImage image) throws InterruptedException {
        String name = image.cluster("cache");
        List<String> phases = new CopyOnWriteArrayList<>();
        Watch phaseWatch = client.resources(RedisCluster.class).inNamespace(NS).withName(name).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, RedisCluster resource) {
                String phase = resource.getStatus() == null ? null : resource.getStatus().getPhase();
                if (phase != null && (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase))) {
                    phases.add(phase);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        env.create(name, spec -> {
            spec.setImage(image.image());
            spec.setNodeTimeoutMillis(3000);
        });

        Await.until("3x1 cluster Ready", Duration.ofSeconds(120), () -> isReady(name, 3));
        // The watch delivers the status change a moment after the read that saw it: wait for it before closing.
        Await.until("the watch to see Ready", Duration.ofSeconds(10),
                () -> !phases.isEmpty() && phases.get(phases.size() - 1).equals("Ready"));
        phaseWatch.close();
        assertThat(phases).as("phases while forming").startsWith("Creating").endsWith("Ready");
        assertThat(phases.lastIndexOf("Creating")).as("back to Creating in " + phases).isZero();
        RedisClusterStatus status = get(name).getStatus();
        assertThat(status.getClusterState()).isEqualTo("ok");
        assertThat(status.getSlotsOk()).isEqualTo(16384);
        assertThat(status.getReadyReplicas()).isEqualTo(3);
        assertThat(status.getNodes()).hasSize(6);
        assertThat(status.getReady()).isEqualTo("6/6");
        assertThat(client.apps().statefulSets().inNamespace(NS).withLabel(ClusterNames.CLUSTER_LABEL, name).list().getItems()).hasSize(3);
        assertThat(client.services().inNamespace(NS).withName(name + "-nodes").get()).isNotNull();
        assertThat(client.configMaps().inNamespace(NS).withName(name + "-config").get().getData().get("redis.conf"))
                .contains("cluster-enabled yes", "cluster-node-timeout 3000");

        String seed = status.getNodes().get(0).getIp();
        try (ClusterWriter writer = new ClusterWriter(seed, env.password(name)).start()) {
            Await.until("some writes", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 200);

            env.edit(name, spec -> {
                spec.setPaused(true);
                spec.setMasters(4);
            });
            Await.until("Paused", Duration.ofSeconds(30), () -> "Paused".equals(get(name).getStatus().getPhase()));
            Thread.sleep(2000);
            assertThat(client.apps().statefulSets().inNamespace(NS).withName(name + "-3").get()).isNull();
            assertThat(get(name).getStatus().getReady()).as("a paused cluster is still observed").isEqualTo("6/8");

            env.edit(name, spec -> spec.setPaused(false));
            Await.until("4x1 cluster Ready", MIGRATION_TIMEOUT, () -> isReady(name, 4), () -> statusOf(name));
            RedisClusterStatus scaled = get(name).getStatus();
            assertThat(scaled.getNodes()).hasSize(8);
            assertThat(scaled.getNodes()).filteredOn(n -> "master".equals(n.getRole()))
                    .allSatisfy(n -> assertThat(n.getSlots()).isNotEmpty());
            int newShardSlots = scaled.getNodes().stream().filter(n -> n.getPod().startsWith(name + "-3-") && "master".equals(n.getRole()))
                    .mapToInt(n -> SlotSet.parse(n.getSlots()).size()).sum();
            assertThat(env.counted("keyslot.operator.slots.moved", name)).as("slots moved, at most those the new shard holds")
                    .isBetween(1.0, (double) newShardSlots);
            assertThat(env.counted("keyslot.operator.keys.moved", name)).isPositive();
            assertThat(env.counted("keyslot.operator.migrations.finished", name)).isPositive();
            int writesBeforeScaleIn = writer.acknowledgedCount();

            env.edit(name, spec -> spec.setMasters(3));
            Await.until("back to 3x1 and shard 3 deleted", MIGRATION_TIMEOUT, () -> isReady(name, 3)
                    && client.apps().statefulSets().inNamespace(NS).withName(name + "-3").get() == null, () -> statusOf(name));
            Await.until("writes after scale-in", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > writesBeforeScaleIn + 200);

            setReplicas(name, 2);
            Await.until("3x2 Ready", Duration.ofSeconds(120), () -> isReady(name, 3) && get(name).getStatus().getReadyReplicas() == 6);
            assertThat(get(name).getStatus().getNodes()).hasSize(9);
            setReplicas(name, 1);
            Await.until("3x1 Ready with the third pods gone", Duration.ofSeconds(120), () -> isReady(name, 3)
                    && client.pods().inNamespace(NS).withName(name + "-0-2").get() == null);
            writer.stopAndVerify();
            System.out.printf("scenario writer: %d acknowledged writes, %d failed attempts%n",
                    writer.acknowledgedCount(), writer.failures());
        }
        RedisClusterStatus shrunk = get(name).getStatus();
        assertThat(shrunk.getNodes()).hasSize(6).noneMatch(n -> n.getPod().startsWith(name + "-3-"));
        assertThat(shrunk.getSlotsOk()).isEqualTo(16384);
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .filteredOn(e -> name.equals(e.getInvolvedObject().getName())).extracting(e -> e.getReason()).contains("NodeMeet", "SlotsAssigned", "ReplicaAttached",
                        "MigrationStarted", "MigrationFinished", "ClusterReady", "NodeForgotten", "ShardDeleted");

        String anyNodeIp = shrunk.getNodes().get(0).getIp();
        client.resources(RedisCluster.class).inNamespace(NS).withName(name).delete();
        Await.until("everything of the cluster deleted, its nodes stopped and its meters removed", Duration.ofSeconds(60), () -> get(name) == null
                && client.apps().statefulSets().inNamespace(NS).withLabel(ClusterNames.CLUSTER_LABEL, name).list().getItems().isEmpty()
                && client.pods().inNamespace(NS).withLabel(ClusterNames.CLUSTER_LABEL, name).list().getItems().isEmpty()
                && client.services().inNamespace(NS).withLabel(ClusterNames.CLUSTER_LABEL, name).list().getItems().isEmpty()
                && client.configMaps().inNamespace(NS).withName(name + "-config").get() == null
                && client.secrets().inNamespace(NS).withName(name + "-auth").get() == null
                && env.counted("keyslot.operator.migrations.started", name) == 0
                && env.simulator().ipOf(name + "-0-0") == null);
        assertThatThrownBy(() -> RespConnection.open(NodeAddress.of(anyNodeIp), Duration.ofSeconds(1)))
                .isInstanceOf(UncheckedIOException.class);
    }
}
