package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RespConnection;
import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.testing.NodeImage;
import dev.keyslot.operator.testing.ReplicatedWriter;
import dev.keyslot.operator.testing.SimulatedEnvironment;
import dev.keyslot.operator.topology.SlotSet;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static dev.keyslot.operator.reconciler.FailureScenarioTest.events;
import static dev.keyslot.operator.reconciler.FailureScenarioTest.master;
import static dev.keyslot.operator.reconciler.FailureScenarioTest.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A master dies and its replica, though in sync, is never elected (cluster-replica-no-failover yes, from spec.config):
 * the operator forces the replica over with CLUSTER FAILOVER FORCE once the master has been failing for five node
 * timeouts, not a periodic reconcile later, and the dead master comes back as its replica without losing a
 * replicated write. When most masters die at once no replica can win an election, FORCE included: the operator
 * makes their replicas take over without one (TAKEOVER) once the masters have been failing for ten node timeouts.
 */
class ForcedFailoverScenarioTest {
    private static final String NS = "forced";
    private static final long NODE_TIMEOUT_MILLIS = 2000;
    @RegisterExtension
    static final SimulatedEnvironment env = new SimulatedEnvironment(NS, 40, 120);

    @ParameterizedTest
    @MethodSource("dev.keyslot.operator.testing.NodeImage#selected")
    void aReplicaThatIsNeverElectedIsForcedOverAndTheDeadMasterRejoinsAsItsReplica(NodeImage image) throws InterruptedException {
        String name = image.cluster("ff");
        env.createReady(name, image, NODE_TIMEOUT_MILLIS, Duration.ofSeconds(120),
                spec -> spec.getConfig().put("cluster-replica-no-failover", "yes"));
        String password = env.password(name);
        assertThat(env.get(name).getStatus().getNodes()).allSatisfy(n ->
                assertThat(configGet(n.getIp(), password, "cluster-replica-no-failover")).as(n.getPod()).isEqualTo("yes"));
        NodeStatus dead = master(env, name, 0);
        NodeStatus replica = env.get(name).getStatus().getNodes().stream()
                .filter(n -> dead.getNodeId().equals(n.getMasterId())).findFirst().orElseThrow();

        try (ReplicatedWriter writer = new ReplicatedWriter(master(env, name, 1).getIp(), password, name).start()) {
            env.awaitCluster(name, "some replicated writes", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 100);
            long crashedAt = System.nanoTime();
            // down until the replica is forced over (its back-off ended then), 45 s at most
            env.simulator().crash(dead.getPod(), false, Duration.ofSeconds(45));
            env.awaitCluster(name, "the replica forced over", Duration.ofSeconds(45), () -> {
                NodeStatus now = node(env, name, replica.getPod());
                return now != null && "master".equals(now.getRole());
            });
            long promotedAt = System.nanoTime();
            assertThat(millis(promotedAt - crashedAt)).as("not before five node timeouts of failing")
                    .isGreaterThan(5 * NODE_TIMEOUT_MILLIS);
            assertThat(events(env.client(), NS, name, "FailoverForced")).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getMessage()).contains("FORCE", replica.getPod()));
            assertThat(env.counted("keyslot.operator.failovers.forced", name))
                    .isEqualTo(events(env.client(), NS, name, "FailoverForced").size());
            env.simulator().endBackOff(dead.getPod());

            env.awaitCluster(name, "Ready, the dead master back as a replica of the promoted one", Duration.ofSeconds(120), () -> {
                NodeStatus old = node(env, name, dead.getPod());
                return env.isReady(name, 3) && old != null && "replica".equals(old.getRole())
                        && replica.getNodeId().equals(old.getMasterId());
            });
            System.out.printf("forced failover (%s): replica promoted %d ms after its master died; Ready after %d ms;"
                            + " %d acknowledged, %d failed, %d not replicated in time%n", image, millis(promotedAt - crashedAt),
                    millis(System.nanoTime() - crashedAt), writer.acknowledgedCount(), writer.failures(), writer.unreplicated());
            writer.stop();
            writer.verify(master(env, name, 1).getIp(), password, SlotSet.EMPTY);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.keyslot.operator.testing.NodeImage#selected")
    void withMostMastersDeadAReplicaTakesOverWithoutAnElectionAndEveryReplicatedWriteIsKept(NodeImage image) throws InterruptedException {
        String name = image.cluster("to");
        env.createReady(name, image, NODE_TIMEOUT_MILLIS, Duration.ofSeconds(180));
        String password = env.password(name);
        List<NodeStatus> dead = List.of(master(env, name, 0), master(env, name, 1));
        List<NodeStatus> replicas = dead.stream().map(m -> env.get(name).getStatus().getNodes().stream()
                .filter(n -> m.getNodeId().equals(n.getMasterId())).findFirst().orElseThrow()).toList();

        try (ReplicatedWriter writer = new ReplicatedWriter(master(env, name, 2).getIp(), password, name).start()) {
            env.awaitCluster(name, "some replicated writes", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 100);
            long crashedAt = System.nanoTime();
            // down until their replicas took over (their back-offs ended then), 60 s at most
            dead.forEach(m -> env.simulator().crash(m.getPod(), false, Duration.ofSeconds(60)));
            env.awaitCluster(name, "both replicas in charge of their shards", Duration.ofSeconds(60), () -> replicas.stream()
                    .allMatch(r -> {
                        NodeStatus now = node(env, name, r.getPod());
                        return now != null && "master".equals(now.getRole()) && now.getSlots() != null && !now.getSlots().isEmpty();
                    }));
            long promotedAt = System.nanoTime();
            assertThat(millis(promotedAt - crashedAt)).as("not before ten node timeouts of failing")
                    .isGreaterThan(10 * NODE_TIMEOUT_MILLIS);
            // With one master of three alive no election can be won, so the first replica is promoted by TAKEOVER;
            // the second usually is too, but once the first serves, two masters can vote and it may be elected.
            assertThat(events(env.client(), NS, name, "FailoverForced")).filteredOn(e -> e.getMessage().contains("TAKEOVER"))
                    .extracting(e -> e.getMessage()).anySatisfy(m -> assertThat(m).containsAnyOf(
                            replicas.get(0).getPod(), replicas.get(1).getPod()));
            assertThat(env.counted("keyslot.operator.failovers.forced", name))
                    .isEqualTo(events(env.client(), NS, name, "FailoverForced").size());
            dead.forEach(m -> env.simulator().endBackOff(m.getPod()));

            env.awaitCluster(name, "Ready, the dead masters back as replicas of the promoted ones", Duration.ofSeconds(150), () ->
                    env.isReady(name, 3) && dead.stream().allMatch(m -> {
                        NodeStatus old = node(env, name, m.getPod());
                        return old != null && "replica".equals(old.getRole());
                    }));
            System.out.printf("takeover (%s): both replicas serving %d ms after their masters died; Ready after %d ms;"
                            + " %d acknowledged, %d failed, %d not replicated in time%n", image, millis(promotedAt - crashedAt),
                    millis(System.nanoTime() - crashedAt), writer.acknowledgedCount(), writer.failures(), writer.unreplicated());
            writer.stop();
            writer.verify(master(env, name, 2).getIp(), password, SlotSet.EMPTY);
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static String configGet(String ip, String password, String name) {
        try (RespConnection c = RespConnection.open(NodeAddress.of(ip), Duration.ofSeconds(2))) {
            c.callString("AUTH", password);
            return new String((byte[]) ((List<?>) c.call("CONFIG", "GET", name)).get(1), StandardCharsets.UTF_8);
        }
    }
}
