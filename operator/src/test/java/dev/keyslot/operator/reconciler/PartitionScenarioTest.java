package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RedisErrorReply;
import dev.keyslot.operator.admin.RespConnection;
import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.testing.NodeImage;
import dev.keyslot.operator.testing.SimulatedEnvironment;
import dev.keyslot.operator.testing.TimedWriter;
import dev.keyslot.operator.topology.SlotSet;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.keyslot.operator.reconciler.FailureScenarioTest.events;
import static dev.keyslot.operator.reconciler.FailureScenarioTest.master;
import static dev.keyslot.operator.reconciler.FailureScenarioTest.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A network partition on the simulated pod network: one master is cut off from every other node (the operator
 * and the clients still reach everyone). The isolated master stops taking writes after the node timeout, the
 * majority promotes its replica, and after healing the old master follows the new one and the operator reports
 * the cluster Ready with one owner per slot. Writes the isolated master acknowledged before it noticed may be
 * lost, as Redis Cluster documents; every other acknowledged write reads back.
 */
class PartitionScenarioTest {
    private static final String NS = "partition";
    private static final long NODE_TIMEOUT_MILLIS = 2000;
    @RegisterExtension
    static final SimulatedEnvironment env = SimulatedEnvironment.withPartitionableNetwork(NS, 121, 200);

    @ParameterizedTest
    @MethodSource("dev.keyslot.operator.testing.NodeImage#selected")
    void anIsolatedMasterIsFencedTheMajorityFailsOverAndTheClusterConvergesAfterHealing(NodeImage image) throws InterruptedException {
        String name = image.cluster("pt");
        env.createReady(name, image, NODE_TIMEOUT_MILLIS, Duration.ofSeconds(120));
        String password = env.password(name);
        NodeStatus isolated = master(env, name, 0);
        SlotSet isolatedSlots = SlotSet.parse(isolated.getSlots());
        NodeStatus replica = env.get(name).getStatus().getNodes().stream()
                .filter(n -> isolated.getNodeId().equals(n.getMasterId())).findFirst().orElseThrow();
        String probeKey = keyIn(isolatedSlots);

        try (TimedWriter writer = new TimedWriter(master(env, name, 1).getIp(), password, name).start()) {
            env.awaitCluster(name, "some writes", Duration.ofSeconds(30), () -> writer.acknowledgedCount() > 200);

            long cutAt = System.nanoTime();
            env.network().isolate(Set.of(isolated.getPod()));
            env.awaitCluster(name, "the isolated master refusing writes", Duration.ofSeconds(30),
                    () -> refusesWrites(isolated.getIp(), password, probeKey));
            long fencedAt = System.nanoTime();
            assertThat(millis(fencedAt - cutAt)).as("the isolated master fenced within a few node timeouts")
                    .isLessThan(4 * NODE_TIMEOUT_MILLIS);
            env.awaitCluster(name, "its replica promoted by the majority, in the status", Duration.ofSeconds(60), () -> {
                NodeStatus now = node(env, name, replica.getPod());
                return now != null && "master".equals(now.getRole()) && isolatedSlots.toString().equals(now.getSlots());
            });
            long promotedAt = System.nanoTime();
            env.awaitCluster(name, "the operator reporting the promotion", Duration.ofSeconds(30),
                    () -> !events(env.client(), NS, name, "FailoverObserved").isEmpty());
            env.awaitCluster(name, "the majority taking writes for the isolated master's slots", Duration.ofSeconds(30),
                    () -> writer.acknowledgedAfter(promotedAt, isolatedSlots) > 20);
            assertThat(refusesWrites(isolated.getIp(), password, probeKey)).as("still fenced").isTrue();

            long healedAt = System.nanoTime();
            env.network().heal();
            env.awaitCluster(name, "Ready again, the old master following the promoted replica", Duration.ofSeconds(90), () -> {
                NodeStatus old = node(env, name, isolated.getPod());
                return env.isReady(name, 3) && old != null && "replica".equals(old.getRole())
                        && replica.getNodeId().equals(old.getMasterId());
            });
            long convergedAt = System.nanoTime();
            assertOneOwnerPerSlot(name);
            env.awaitCluster(name, "writes after healing", Duration.ofSeconds(30), () -> writer.acknowledgedAfter(convergedAt, SlotSet.all()) > 50);
            writer.stop();

            Map<Integer, Long> lost = writer.lostWrites();
            lost.forEach((i, at) -> {
                assertThat(isolatedSlots.contains(JedisClusterCRC16.getSlot(writer.key(i))))
                        .as("lost %s belongs to the isolated master", writer.key(i)).isTrue();
                assertThat(at).as("lost %s was acknowledged between the cut and the fence", writer.key(i))
                        .isBetween(cutAt, fencedAt);
            });
            System.out.printf("partition (%s): isolated master fenced after %d ms, replica promoted after %d ms; healed to Ready in %d ms;"
                            + " %d acknowledged, %d failed, %d lost (all acknowledged by the isolated master before it was fenced)%n",
                    image, millis(fencedAt - cutAt), millis(promotedAt - cutAt), millis(convergedAt - healedAt),
                    writer.acknowledgedCount(), writer.failures(), lost.size());
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static String keyIn(SlotSet slots) {
        for (int i = 0; ; i++) {
            if (slots.contains(JedisClusterCRC16.getSlot("probe:" + i))) {
                return "probe:" + i;
            }
        }
    }

    /** Whether the node answers a write to one of its own slots with CLUSTERDOWN. */
    private static boolean refusesWrites(String ip, String password, String key) {
        try (RespConnection c = RespConnection.open(NodeAddress.of(ip), Duration.ofSeconds(1))) {
            c.callString("AUTH", password);
            c.callString("SET", key, "probe");
            return false;
        } catch (RedisErrorReply e) {
            return e.startsWith("CLUSTERDOWN");
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** Every node's view: each slot owned by exactly one master, every slot owned. */
    private static void assertOneOwnerPerSlot(String name) {
        String password = env.password(name);
        List<NodeStatus> nodes = env.get(name).getStatus().getNodes();
        for (NodeStatus viewer : nodes) {
            try (RespConnection c = RespConnection.open(NodeAddress.of(viewer.getIp()), Duration.ofSeconds(2))) {
                c.callString("AUTH", password);
                SlotSet owned = SlotSet.EMPTY;
                for (String line : c.callString("CLUSTER", "NODES").split("\n")) {
                    String[] fields = line.trim().split(" ");
                    if (fields.length < 9 || !fields[2].contains("master")) {
                        continue;
                    }
                    SlotSet slots = SlotSet.parse(String.join(",", List.of(fields).subList(8, fields.length)));
                    assertThat(owned.intersect(slots).isEmpty()).as("%s sees slots owned twice", viewer.getPod()).isTrue();
                    owned = owned.union(slots);
                }
                assertThat(owned).as("%s sees every slot owned", viewer.getPod()).isEqualTo(SlotSet.all());
            }
        }
    }
}
