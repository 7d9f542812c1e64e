package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RespConnection;
import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.testing.ReplicatedWriter;
import dev.keyslot.operator.testing.SimulatedEnvironment;
import dev.keyslot.operator.topology.SlotSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.keyslot.operator.reconciler.FailureScenarioTest.awaitCluster;
import static dev.keyslot.operator.reconciler.FailureScenarioTest.events;
import static dev.keyslot.operator.reconciler.FailureScenarioTest.master;
import static dev.keyslot.operator.reconciler.FailureScenarioTest.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A master dies and its replica, though in sync, is never elected (cluster-replica-no-failover yes): the operator
 * forces the replica over with CLUSTER FAILOVER FORCE once the master has been failing for five node timeouts,
 * and the dead master comes back as its replica without losing a replicated write.
 */
class ForcedFailoverScenarioTest {
    private static final String NS = "forced";
    private static final long NODE_TIMEOUT_MILLIS = 2000;
    private static SimulatedEnvironment env;

    @BeforeAll
    static void start() {
        env = new SimulatedEnvironment(NS, 40, 120);
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void aReplicaThatIsNeverElectedIsForcedOverAndTheDeadMasterRejoinsAsItsReplica() throws InterruptedException {
        env.create("ff", spec -> {
            spec.setImage("redis:7.0");
            spec.setNodeTimeoutMillis(NODE_TIMEOUT_MILLIS);
            spec.getStorage().setSize("1Gi");
        });
        awaitCluster(env, "ff", "3x1 Ready", Duration.ofSeconds(120), () -> env.isReady("ff", 3));
        String password = env.password("ff");
        env.get("ff").getStatus().getNodes().stream().filter(n -> "replica".equals(n.getRole()))
                .forEach(n -> configSet(n.getIp(), password, "cluster-replica-no-failover", "yes"));
        NodeStatus dead = master(env, "ff", 0);
        NodeStatus replica = env.get("ff").getStatus().getNodes().stream()
                .filter(n -> dead.getNodeId().equals(n.getMasterId())).findFirst().orElseThrow();

        try (ReplicatedWriter writer = new ReplicatedWriter(master(env, "ff", 1).getIp(), password, "ff").start()) {
            awaitCluster(env, "ff", "some replicated writes", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 100);
            long crashedAt = System.nanoTime();
            env.simulator().crash(dead.getPod(), false, Duration.ofSeconds(45));
            awaitCluster(env, "ff", "the replica forced over", Duration.ofSeconds(45), () -> {
                NodeStatus now = node(env, "ff", replica.getPod());
                return now != null && "master".equals(now.getRole());
            });
            long promotedAt = System.nanoTime();
            assertThat(millis(promotedAt - crashedAt)).as("not before five node timeouts of failing")
                    .isGreaterThan(5 * NODE_TIMEOUT_MILLIS);
            assertThat(events(env.client(), NS, "ff", "FailoverForced")).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getMessage()).contains("FORCE", replica.getPod()));

            awaitCluster(env, "ff", "Ready, the dead master back as a replica of the promoted one", Duration.ofSeconds(120), () -> {
                NodeStatus old = node(env, "ff", dead.getPod());
                return env.isReady("ff", 3) && old != null && "replica".equals(old.getRole())
                        && replica.getNodeId().equals(old.getMasterId());
            });
            System.out.printf("forced failover: replica promoted %d ms after its master died; Ready after %d ms;"
                            + " %d acknowledged, %d failed, %d not replicated in time%n", millis(promotedAt - crashedAt),
                    millis(System.nanoTime() - crashedAt), writer.acknowledgedCount(), writer.failures(), writer.unreplicated());
            writer.stop();
            writer.verify(master(env, "ff", 1).getIp(), password, SlotSet.EMPTY);
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static void configSet(String ip, String password, String name, String value) {
        try (RespConnection c = RespConnection.open(NodeAddress.of(ip), Duration.ofSeconds(2))) {
            c.callString("AUTH", password);
            c.callString("CONFIG", "SET", name, value);
        }
    }
}
