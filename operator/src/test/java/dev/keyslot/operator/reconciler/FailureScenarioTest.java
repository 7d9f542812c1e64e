package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RespConnection;
import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.crd.RedisClusterStatus;
import dev.keyslot.operator.testing.NodeImage;
import dev.keyslot.operator.testing.ReplicatedWriter;
import dev.keyslot.operator.testing.SimulatedEnvironment;
import dev.keyslot.operator.topology.SlotSet;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator keeps a cluster of real pods of each node image serving through failures, with a writer whose writes
 * count only once a replica confirmed them (WAIT) running throughout: a master whose process dies and comes
 * back on a new IP, a master replaced with an empty volume, and a shard that loses every node and volume.
 */
class FailureScenarioTest {
    private static final String NS = "failures";
    @RegisterExtension
    static final SimulatedEnvironment env = new SimulatedEnvironment(NS, 121, 200);
    private static final KubernetesClient client = env.client();

    static NodeStatus master(SimulatedEnvironment env, String cluster, int shard) {
        return env.get(cluster).getStatus().getNodes().stream()
                .filter(n -> n.getPod().startsWith(cluster + "-" + shard + "-") && "master".equals(n.getRole()))
                .findFirst().orElseThrow();
    }

    static NodeStatus node(SimulatedEnvironment env, String cluster, String pod) {
        RedisClusterStatus status = env.get(cluster).getStatus();
        return status == null ? null : status.getNodes().stream().filter(n -> n.getPod().equals(pod)).findFirst().orElse(null);
    }

    static List<Event> events(KubernetesClient client, String namespace, String cluster, String reason) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> cluster.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
    }

    /** True when no node of the cluster lists {@code nodeId} in CLUSTER NODES. */
    private static boolean forgottenEverywhere(String cluster, String nodeId) {
        String password = env.password(cluster);
        return env.get(cluster).getStatus().getNodes().stream().noneMatch(n -> {
            try (RespConnection c = RespConnection.open(NodeAddress.of(n.getIp()), Duration.ofSeconds(1))) {
                c.callString("AUTH", password);
                return c.callString("CLUSTER", "NODES").contains(nodeId);
            }
        });
    }

    private static void replaceWithEmptyVolume(String pod) {
        client.persistentVolumeClaims().inNamespace(NS).withName("data-" + pod).delete();
        client.pods().inNamespace(NS).withName(pod).delete();
    }

    @ParameterizedTest
    @MethodSource("dev.keyslot.operator.testing.NodeImage#selected")
    void killedMastersRejoinAsReplicasReplacedPodsAreForgottenAndALostShardIsCoveredAgain(NodeImage image) throws InterruptedException {
        String name = image.cluster("ha");
        env.createReady(name, image, 2000, Duration.ofSeconds(120));
        String password = env.password(name);
        try (ReplicatedWriter writer = new ReplicatedWriter(master(env, name, 0).getIp(), password, name).start()) {
            env.awaitCluster(name, "some replicated writes", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 100);

            NodeStatus killed = master(env, name, 0);
            long crashed = System.nanoTime();
            // Down longer than the node timeout, so the cluster fails over before the pod's process restarts.
            env.simulator().crash(killed.getPod(), true, Duration.ofSeconds(8));
            env.awaitCluster(name, "the killed master back as a replica on its new IP", Duration.ofSeconds(90), () -> {
                NodeStatus now = node(env, name, killed.getPod());
                return env.isReady(name, 3) && now != null && killed.getNodeId().equals(now.getNodeId())
                        && "replica".equals(now.getRole()) && !killed.getIp().equals(now.getIp());
            });
            System.out.printf("killed master to Ready: %d ms, %d failed writes%n", (System.nanoTime() - crashed) / 1_000_000,
                    writer.failures());
            assertThat(events(client, NS, name, "FailoverObserved")).isNotEmpty();

            NodeStatus replaced = master(env, name, 1);
            int failuresBefore = writer.failures();
            long replacedAt = System.nanoTime();
            replaceWithEmptyVolume(replaced.getPod());
            env.awaitCluster(name, "the replaced master's pod back as a new replica and its old id forgotten", Duration.ofSeconds(90), () -> {
                NodeStatus now = node(env, name, replaced.getPod());
                return env.isReady(name, 3) && now != null && !replaced.getNodeId().equals(now.getNodeId())
                        && "replica".equals(now.getRole()) && forgottenEverywhere(name, replaced.getNodeId());
            });

            System.out.printf("master replaced with an empty volume to Ready: %d ms, %d failed writes%n",
                    (System.nanoTime() - replacedAt) / 1_000_000, writer.failures() - failuresBefore);
            assertThat(env.counted("keyslot.operator.nodes.replaced", name)).as("the replaced node's id forgotten").isPositive();
            NodeStatus lostMaster = master(env, name, 2);
            SlotSet lostSlots = SlotSet.parse(lostMaster.getSlots());
            replaceWithEmptyVolume(name + "-2-0");
            replaceWithEmptyVolume(name + "-2-1");
            env.awaitCluster(name, "shard 2 serving its slots again, reported lost", Duration.ofSeconds(90), () -> env.isReady(name, 3)
                    && Objects.equals(env.get(name).getStatus().getLostSlots(), lostSlots.toString()));
            RedisClusterStatus status = env.get(name).getStatus();
            assertThat(status.getSlotsOk()).isEqualTo(16384);
            assertThat(status.getConditions()).anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus() + "/" + c.getReason())
                    .isEqualTo("Degraded=True/SlotsLost"));
            assertThat(events(client, NS, name, "SlotsLost")).singleElement()
                    .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"))
                    .satisfies(e -> assertThat(e.getMessage()).contains(lostSlots.toString()));
            assertThat(master(env, name, 2).getSlots()).isEqualTo(lostSlots.toString());
            assertThat(env.counted("keyslot.operator.slots.lost", name)).isEqualTo(lostSlots.size());
            assertThat(env.counted("keyslot.operator.failovers.observed", name))
                    .isEqualTo(events(client, NS, name, "FailoverObserved").size()).isPositive();
            env.awaitCluster(name, "writes after healing", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 300);

            writer.stop();
            writer.verify(master(env, name, 0).getIp(), password, lostSlots);
            System.out.printf("failure scenario writer: %d acknowledged, %d failed, %d not replicated in time%n",
                    writer.acknowledgedCount(), writer.failures(), writer.unreplicated());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.keyslot.operator.testing.NodeImage#selected")
    void aWholeClusterRestartedOnNewIpsHealsWithItsData(NodeImage image) throws InterruptedException {
        String name = image.cluster("fr");
        env.createReady(name, image, 2000, Duration.ofSeconds(120));
        String password = env.password(name);
        try (ReplicatedWriter writer = new ReplicatedWriter(master(env, name, 0).getIp(), password, name).start()) {
            env.awaitCluster(name, "some replicated writes", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 300);
            writer.stop();
            Map<String, String> idsBefore = new TreeMap<>();
            Set<String> ipsBefore = new HashSet<>();
            env.get(name).getStatus().getNodes().forEach(n -> {
                idsBefore.put(n.getPod(), n.getNodeId());
                ipsBefore.add(n.getIp());
            });

            long restarted = System.nanoTime();
            client.pods().inNamespace(NS).withLabel(ClusterNames.CLUSTER_LABEL, name).delete();
            env.awaitCluster(name, "the cluster Ready again, every node on a new IP with its old id", Duration.ofSeconds(120), () -> {
                if (!env.isReady(name, 3)) {
                    return false;
                }
                List<NodeStatus> nodes = env.get(name).getStatus().getNodes();
                Map<String, String> ids = new TreeMap<>();
                nodes.forEach(n -> ids.put(n.getPod(), n.getNodeId()));
                return ids.equals(idsBefore) && nodes.stream().noneMatch(n -> ipsBefore.contains(n.getIp()));
            });
            System.out.printf("full restart on new IPs to Ready: %d ms%n", (System.nanoTime() - restarted) / 1_000_000);
            assertThat(events(client, NS, name, "NodeAddressUpdated")).isNotEmpty();
            writer.verify(master(env, name, 0).getIp(), password, SlotSet.EMPTY);
        }
    }
}
