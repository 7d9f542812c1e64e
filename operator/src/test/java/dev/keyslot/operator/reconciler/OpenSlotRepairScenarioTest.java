package dev.keyslot.operator.reconciler;

import dev.keyslot.operator.admin.NodeAddress;
import dev.keyslot.operator.admin.RespConnection;
import dev.keyslot.operator.crd.NodeStatus;
import dev.keyslot.operator.testing.Await;
import dev.keyslot.operator.testing.NodeImage;
import dev.keyslot.operator.testing.ReplicatedWriter;
import dev.keyslot.operator.testing.SimulatedEnvironment;
import dev.keyslot.operator.topology.SlotSet;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.keyslot.operator.reconciler.FailureScenarioTest.events;
import static dev.keyslot.operator.reconciler.FailureScenarioTest.master;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator killed in the middle of a pipelined multi-slot migration step leaves every slot of the step open
 * (IMPORTING on the target, MIGRATING on the source, some of their keys moved). The next operator closes all of them
 * with one action, finishing the move, and the scale-out completes without losing a key or an acknowledged write.
 */
class OpenSlotRepairScenarioTest {
    private static final String NS = "openslots";
    /**
     * Scaling 3 masters to 4 moves shard 0's surplus (its highest 1366 slots) first, lowest slot first, 16 slots in
     * the first step: these slots are loaded with enough keys that the step takes several rounds of MIGRATEs, so
     * the operator can be killed while it is under way.
     */
    private static final SlotSet LOADED = SlotSet.range(4096, 4159);
    private static final int KEYS_PER_SLOT = 1000;
    @RegisterExtension
    static final SimulatedEnvironment env = new SimulatedEnvironment(NS, 40, 120);

    @ParameterizedTest
    @MethodSource("dev.keyslot.operator.testing.NodeImage#selected")
    void theSlotsOfAStepCutShortAreAllFixedByOneActionAndNoKeyIsLost(NodeImage image) throws InterruptedException {
        String name = image.cluster("open");
        env.create(name, spec -> {
            spec.setImage(image.image());
            spec.setNodeTimeoutMillis(2000);
        });
        env.awaitCluster(name, "3x1 Ready", Duration.ofSeconds(120), () -> env.isReady(name, 3));
        String password = env.password(name);
        String source = master(env, name, 0).getIp();
        load(source, password);

        try (ReplicatedWriter writer = new ReplicatedWriter(source, password, name).start();
             RespConnection watch = RespConnection.open(NodeAddress.of(source), Duration.ofSeconds(2))) {
            watch.callString("AUTH", password);
            env.awaitCluster(name, "some replicated writes", Duration.ofSeconds(90), () -> writer.acknowledgedCount() > 100);
            env.edit(name, spec -> spec.setMasters(4));
            Await.until("the first migration step under way on " + source, Duration.ofSeconds(180),
                    () -> watch.callString("CLUSTER", "NODES").contains("[" + LOADED.stream().findFirst().orElseThrow() + "->-"));
            Instant killedAt = Instant.now();
            env.restartOperator();

            env.awaitCluster(name, "the open slots fixed", Duration.ofSeconds(60),
                    () -> !events(env.client(), NS, name, "OpenSlotsFixed").isEmpty());
            List<Event> fixes = events(env.client(), NS, name, "OpenSlotsFixed");
            assertThat(fixes).as("one action fixed every open slot").hasSize(1);
            String message = fixes.get(0).getMessage();
            int openSlots = Integer.parseInt(message.substring(0, message.indexOf(' ')));
            assertThat(openSlots).as("the kill left a multi-slot step open: " + message).isGreaterThan(1);
            assertThat(message).contains("finished moving", name + "-3-");
            Duration toFixed = Duration.between(killedAt, Instant.parse(fixes.get(0).getLastTimestamp()));
            assertThat(toFixed).as("kill to every open slot closed").isLessThan(Duration.ofSeconds(60));

            env.awaitCluster(name, "4x1 Ready", Duration.ofSeconds(300), () -> env.isReady(name, 4));
            System.out.printf("open slots (%s): %s; fixed %d ms after the kill%n", image, message, toFixed.toMillis());
            List<NodeStatus> masters = env.get(name).getStatus().getNodes().stream()
                    .filter(n -> "master".equals(n.getRole())).toList();
            for (NodeStatus m : masters) {
                try (RespConnection c = RespConnection.open(NodeAddress.of(m.getIp()), Duration.ofSeconds(2))) {
                    c.callString("AUTH", password);
                    assertThat(c.callString("CLUSTER", "NODES")).as("no slot left open on %s", m.getPod()).doesNotContain("->-", "-<-");
                }
            }
            assertLoadedKeysEachInOnePlace(masters, password);
            writer.stop();
            writer.verify(source, password, SlotSet.EMPTY);
        }
    }

    /** KEYS_PER_SLOT keys in each LOADED slot, all owned by the master at {@code ip}. */
    private static void load(String ip, String password) {
        Map<Integer, String> tags = tags();
        try (Jedis jedis = new Jedis(ip, 6379, 60_000)) {
            jedis.auth(password);
            Pipeline pipeline = jedis.pipelined();
            tags.forEach((slot, tag) -> {
                for (int i = 0; i < KEYS_PER_SLOT; i++) {
                    pipeline.set("{" + tag + "}:" + i, "v".repeat(64));
                }
                pipeline.sync();
            });
        }
    }

    /** A hash tag for each LOADED slot. */
    private static Map<Integer, String> tags() {
        Map<Integer, String> tags = new HashMap<>();
        for (int i = 0; tags.size() < LOADED.size(); i++) {
            String tag = "t" + i;
            int slot = JedisClusterCRC16.getSlot(tag);
            if (LOADED.contains(slot)) {
                tags.putIfAbsent(slot, tag);
            }
        }
        return tags;
    }

    /** Each LOADED slot's keys are on one master only, and that master has every key loaded into it. */
    private static void assertLoadedKeysEachInOnePlace(List<NodeStatus> masters, String password) {
        Map<Integer, String> tags = tags();
        Map<Integer, List<String>> holders = new HashMap<>();
        for (NodeStatus m : masters) {
            try (RespConnection c = RespConnection.open(NodeAddress.of(m.getIp()), Duration.ofSeconds(5))) {
                c.callString("AUTH", password);
                tags.forEach((slot, tag) -> {
                    if (c.callLong("CLUSTER", "COUNTKEYSINSLOT", slot) > 0) {
                        holders.computeIfAbsent(slot, s -> new ArrayList<>()).add(m.getPod());
                        List<Object> exists = new ArrayList<>(List.of("EXISTS"));
                        for (int i = 0; i < KEYS_PER_SLOT; i++) {
                            exists.add("{" + tag + "}:" + i);
                        }
                        assertThat(c.callLong(exists.toArray())).as("loaded keys of slot %d on %s", slot, m.getPod())
                                .isEqualTo(KEYS_PER_SLOT);
                    }
                });
            }
        }
        assertThat(holders.keySet()).as("every loaded slot held").hasSize(LOADED.size());
        assertThat(holders).allSatisfy((slot, pods) -> assertThat(pods).as("holders of slot %d", slot).hasSize(1));
    }
}
