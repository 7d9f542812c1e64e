package dev.keyslot.operator.admin;

import dev.keyslot.operator.testing.Await;
import dev.keyslot.operator.testing.TestNodes;
import dev.keyslot.operator.topology.SlotSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Builds a 2-master, 1-replica cluster of real password-protected redis-server nodes and moves a slot, all as the
 * operator's ACL user (replication as that user too), with the application's data reached as the default user.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeAdminTest {
    private static final String PASSWORD = "s3cret";
    private static TestNodes nodes;
    private static ConnectionPool pool;
    private static ConnectionPool application;
    private static NodeAdmin a;
    private static NodeAdmin b;
    private static NodeAdmin replica;

    @BeforeAll
    static void startNodes() {
        nodes = TestNodes.start(1, 3, PASSWORD);
        pool = new ConnectionPool(Duration.ofSeconds(5), new Credentials(OperatorAcl.USER, TestNodes.OPERATOR_PASSWORD));
        application = new ConnectionPool(Duration.ofSeconds(5), Credentials.defaultUser(PASSWORD));
        a = new NodeAdmin(pool, nodes.address(0));
        b = new NodeAdmin(pool, nodes.address(1));
        replica = new NodeAdmin(pool, nodes.address(2));
    }

    @AfterAll
    static void stopNodes() {
        if (pool != null) {
            pool.close();
            application.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    @Order(1)
    void refusesWithoutPassword() {
        try (ConnectionPool anonymous = new ConnectionPool(Duration.ofSeconds(2), Credentials.defaultUser(null))) {
            assertThatThrownBy(() -> new NodeAdmin(anonymous, nodes.address(0)).myId())
                    .isInstanceOf(RedisErrorReply.class).hasMessageStartingWith("NOAUTH");
        }
    }

    @Test
    @Order(2)
    void meetsAssignsAndReplicates() {
        a.meet(nodes.address(1).host(), 6379);
        a.meet(nodes.address(2).host(), 6379);
        Await.until("all nodes know each other", Duration.ofSeconds(15), () ->
                List.of(a, b, replica).stream().allMatch(n -> n.clusterNodes().stream().filter(ClusterNodesLine::member).count() == 3));
        a.addSlots(SlotSet.range(0, 8191));
        b.addSlots(SlotSet.parse("8192-10000,10001-16383"));
        replica.replicate(a.myId());

        Await.until("cluster_state:ok", Duration.ofSeconds(15), () ->
                List.of(a, b, replica).stream().allMatch(n -> "ok".equals(n.clusterInfo().get("cluster_state"))));
        Await.until("replica in sync", Duration.ofSeconds(15), () ->
                "up".equals(replica.replication().get("master_link_status")));

        List<ClusterNodesLine> view = b.clusterNodes();
        ClusterNodesLine seenA = view.stream().filter(l -> l.id().equals(a.myId())).findFirst().orElseThrow();
        assertThat(seenA.slots()).isEqualTo(SlotSet.range(0, 8191));
        assertThat(seenA.address()).isEqualTo(nodes.address(0));
        ClusterNodesLine seenReplica = view.stream().filter(l -> l.id().equals(replica.myId())).findFirst().orElseThrow();
        assertThat(seenReplica.master()).isFalse();
        assertThat(seenReplica.masterId()).isEqualTo(a.myId());
        assertThat(a.clusterInfo()).containsEntry("cluster_slots_assigned", "16384").containsEntry("cluster_known_nodes", "3");
        assertThat(a.replication()).containsEntry("role", "master").containsEntry("connected_slaves", "1");
    }

    @Test
    @Order(3)
    void migratesASlotWithItsKeysInBatchesAndFinishesOneLeftOpen() {
        int slot = application.with(nodes.address(0), c -> c.callLong("CLUSTER", "KEYSLOT", "{user1}")).intValue();
        for (int i = 0; i < 250; i++) {
            int n = i;
            application.with(nodes.address(0), c -> c.call("SET", "{user1}:" + n, "v" + n));
        }
        assertThat(a.countKeysInSlot(slot)).isEqualTo(250);

        AtomicLong moved = new AtomicLong();
        AtomicLong haltChecks = new AtomicLong();
        SlotMigrator.Endpoint source = new SlotMigrator.Endpoint(a.myId(), a);
        SlotMigrator.Endpoint target = new SlotMigrator.Endpoint(b.myId(), b);
        boolean finished = new SlotMigrator(100, 1000, Duration.ofSeconds(5), pool.credentials(), () -> haltChecks.incrementAndGet() > 1)
                .migrate(new int[]{slot}, source, target, List.of(), moved::addAndGet);
        assertThat(finished).as("halted after one batch").isFalse();
        assertThat(moved).hasValue(100);
        ClusterNodesLine self = a.clusterNodes().stream().filter(ClusterNodesLine::myself).findFirst().orElseThrow();
        assertThat(self.migrating()).containsEntry(slot, b.myId());

        assertThat(new SlotMigrator(100, 1000, Duration.ofSeconds(5), pool.credentials(), () -> false)
                .migrate(new int[]{slot}, source, target, List.of(), moved::addAndGet)).as("a second run finishes the slot").isTrue();

        assertThat(moved).hasValue(250);
        assertThat(a.countKeysInSlot(slot)).isZero();
        assertThat(b.countKeysInSlot(slot)).isEqualTo(250);
        byte[] value = (byte[]) application.with(nodes.address(1), c -> c.call("GET", "{user1}:7"));
        assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("v7");
        assertThatThrownBy(() -> application.with(nodes.address(0), c -> c.call("GET", "{user1}:7")))
                .isInstanceOf(RedisErrorReply.class).hasMessage("MOVED " + slot + " " + nodes.address(1));
        Map<String, ClusterNodesLine> byId = new HashMap<>();
        a.clusterNodes().forEach(l -> byId.put(l.id(), l));
        assertThat(byId.get(b.myId()).slots().contains(slot)).isTrue();
        assertThat(byId.get(a.myId()).migrating()).isEmpty();
    }

    @Test
    @Order(4)
    void migratesSeveralSlotsPerStepInPipelinedRounds() {
        int[] slots = {100, 101, 102, 103, 104};
        int[] keysPerSlot = {0, 1, 30, 0, 75};
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            keys.addAll(keysOfSlot(slots[i], keysPerSlot[i]));
        }
        keys.forEach(key -> application.with(nodes.address(0), c -> c.call("SET", key, "value of " + key)));
        NodeAdmin replicaRefusingSetSlot = new NodeAdmin(pool, nodes.address(2));
        SlotMigrator.Endpoint source = new SlotMigrator.Endpoint(a.myId(), a);
        SlotMigrator.Endpoint target = new SlotMigrator.Endpoint(b.myId(), b);
        AtomicLong moved = new AtomicLong();
        AtomicLong haltChecks = new AtomicLong();
        assertThat(new SlotMigrator(20, 40, Duration.ofSeconds(5), pool.credentials(), () -> haltChecks.incrementAndGet() > 1)
                .migrate(slots, source, target, List.of(replicaRefusingSetSlot), moved::addAndGet)).as("halted after one round").isFalse();
        assertThat(moved).as("slot 101's key and slot 102's first batch").hasValue(21);
        ClusterNodesLine sourceSelf = a.clusterNodes().stream().filter(ClusterNodesLine::myself).findFirst().orElseThrow();
        ClusterNodesLine targetSelf = b.clusterNodes().stream().filter(ClusterNodesLine::myself).findFirst().orElseThrow();
        assertThat(sourceSelf.migrating().keySet()).containsExactlyInAnyOrder(100, 101, 102, 103, 104);
        assertThat(targetSelf.importing().keySet()).containsExactlyInAnyOrder(100, 101, 102, 103, 104);

        assertThat(new SlotMigrator(20, 40, Duration.ofSeconds(5), pool.credentials(), () -> false)
                .migrate(slots, source, target, List.of(replicaRefusingSetSlot), moved::addAndGet)).as("a second run finishes").isTrue();

        assertThat(moved).hasValue(106);
        for (String key : keys) {
            byte[] value = (byte[]) application.with(nodes.address(1), c -> c.call("GET", key));
            assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("value of " + key);
        }
        for (NodeAdmin node : List.of(a, b)) {
            Map<String, ClusterNodesLine> view = new HashMap<>();
            node.clusterNodes().forEach(l -> view.put(l.id(), l));
            assertThat(view.get(b.myId()).slots().intersect(SlotSet.range(100, 104))).isEqualTo(SlotSet.range(100, 104));
            assertThat(view.get(a.myId()).slots().intersect(SlotSet.range(100, 104)).isEmpty()).isTrue();
            assertThat(view.get(node.myId()).migrating()).isEmpty();
            assertThat(view.get(node.myId()).importing()).isEmpty();
        }
    }

    private static List<String> keysOfSlot(int slot, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            if (JedisClusterCRC16.getSlot("k" + i) == slot) {
                keys.add("k" + i);
            }
        }
        return keys;
    }

    @Test
    @Order(5)
    void pipelinedRepliesStayInStepAcrossAnError() {
        List<Object> replies = pool.with(nodes.address(0), c -> c.pipeline(Duration.ofSeconds(2), List.of(
                new Object[]{"PING"}, new Object[]{"CLUSTER", "SETSLOT", 99999, "STABLE"}, new Object[]{"CLUSTER", "MYID"})));
        assertThat(replies.get(0)).isEqualTo("PONG");
        assertThat(replies.get(1)).isInstanceOf(RedisErrorReply.class);
        assertThat(new String((byte[]) replies.get(2), StandardCharsets.UTF_8)).isEqualTo(a.myId());
        assertThatThrownBy(() -> b.setSlots(new int[]{10000, 99999}, "NODE", b.myId())).isInstanceOf(RedisErrorReply.class);
        assertThat(b.myId()).as("the connection is still in step").hasSize(40);
    }

    @Test
    @Order(6)
    void forgetsAndReportsUnknownNodes() {
        assertThatThrownBy(() -> a.forget("0000000000000000000000000000000000000000"))
                .isInstanceOf(RedisErrorReply.class).hasMessageContaining("Unknown node");
        String replicaId = replica.myId();
        a.forget(replicaId);
        b.forget(replicaId);
        assertThat(a.clusterNodes()).extracting(ClusterNodesLine::id).doesNotContain(replicaId);
    }

    private static String ping(ConnectionPool with) {
        return with.with(nodes.address(1), c -> c.callString("PING"));
    }

    private static String pingAsDefaultUser(String password) {
        try (ConnectionPool fresh = new ConnectionPool(Duration.ofSeconds(2), Credentials.defaultUser(password))) {
            return ping(fresh);
        }
    }

    @Test
    @Order(7)
    void theOperatorUserReadsNoDataButAddsPasswordsToTheDefaultUser() {
        assertThatThrownBy(() -> pool.with(nodes.address(1), c -> c.call("GET", "{user1}:7")))
                .isInstanceOf(RedisErrorReply.class).hasMessageStartingWith("NOPERM");
        assertThatThrownBy(() -> pool.with(nodes.address(1), c -> c.call("FLUSHALL")))
                .isInstanceOf(RedisErrorReply.class).hasMessageStartingWith("NOPERM");

        b.aclSetUser("default", List.of(">second"));
        try (ConnectionPool connectedBefore = new ConnectionPool(Duration.ofSeconds(2), Credentials.defaultUser(PASSWORD))) {
            assertThat(ping(connectedBefore)).isEqualTo("PONG");
            assertThat(pingAsDefaultUser("second")).isEqualTo("PONG");
            assertThat(pingAsDefaultUser(PASSWORD)).as("the first password still works").isEqualTo("PONG");
            b.configSet(Map.of("requirepass", "second"));
            assertThatThrownBy(() -> pingAsDefaultUser(PASSWORD)).as("requirepass leaves only its password")
                    .isInstanceOf(RedisErrorReply.class).hasMessageStartingWith("WRONGPASS");
            assertThat(ping(connectedBefore)).as("connected before").isEqualTo("PONG");
        }
    }

    @Test
    @Order(8)
    void createsTheOperatorUserLiveOnANodeThatLacksIt() {
        NodeAddress node = nodes.address(2);
        application.with(node, c -> c.call("ACL", "DELUSER", OperatorAcl.USER));
        try (ConnectionPool withFallback = new ConnectionPool(Duration.ofSeconds(2), pool.credentials())) {
            withFallback.setFallback(Credentials.defaultUser(PASSWORD));
            assertThat(new NodeAdmin(withFallback, node).myId()).hasSize(40);
            assertThat(OperatorUserProvisioning.ensure(withFallback, TestNodes.OPERATOR_PASSWORD)).containsExactly(node);
            assertThat(OperatorUserProvisioning.ensure(withFallback, TestNodes.OPERATOR_PASSWORD)).as("nothing left to do").isEmpty();
        }
        try (ConnectionPool operatorOnly = new ConnectionPool(Duration.ofSeconds(2), pool.credentials())) {
            assertThat(new NodeAdmin(operatorOnly, node).myId()).hasSize(40);
            assertThatThrownBy(() -> operatorOnly.with(node, c -> c.call("FLUSHALL")))
                    .isInstanceOf(RedisErrorReply.class).hasMessageStartingWith("NOPERM");
        }
    }

    @Test
    @Order(9)
    void concludesSlotsTheTargetTookAndClosesSlotsLeftOpen() {
        int[] taken = {200, 201, 202};
        b.setSlots(taken, "IMPORTING", a.myId());
        a.setSlots(taken, "MIGRATING", b.myId());
        b.setSlots(taken, "NODE", b.myId());
        SlotMigrator migrator = new SlotMigrator(20, 40, Duration.ofSeconds(5), pool.credentials(), () -> false);
        SlotMigrator.Endpoint source = new SlotMigrator.Endpoint(a.myId(), a);
        SlotMigrator.Endpoint target = new SlotMigrator.Endpoint(b.myId(), b);
        assertThatThrownBy(() -> migrator.migrate(taken, source, target, List.of(), keys -> { }))
                .as("moving them again fails: the target owns them").isInstanceOf(RedisErrorReply.class);

        migrator.conclude(taken, source, target, List.of());
        int[] abandoned = {300, 301};
        a.setSlots(abandoned, "MIGRATING", b.myId());
        a.setSlotsStable(abandoned);

        Map<String, ClusterNodesLine> view = new HashMap<>();
        a.clusterNodes().forEach(l -> view.put(l.id(), l));
        assertThat(view.get(b.myId()).slots().intersect(SlotSet.range(200, 202))).isEqualTo(SlotSet.range(200, 202));
        assertThat(view.get(a.myId()).slots().intersect(SlotSet.range(200, 202)).isEmpty()).isTrue();
        assertThat(view.get(a.myId()).slots().intersect(SlotSet.range(300, 301))).isEqualTo(SlotSet.range(300, 301));
        assertThat(view.get(a.myId()).migrating()).isEmpty();
    }
}
