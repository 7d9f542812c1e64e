package dev.keyslot.operator.topology;

import dev.keyslot.operator.topology.Action.AssignSlots;
import dev.keyslot.operator.topology.Action.DeleteShard;
import dev.keyslot.operator.topology.Action.Failover;
import dev.keyslot.operator.topology.Action.FixOpenSlots;
import dev.keyslot.operator.topology.Action.ForgetLostNode;
import dev.keyslot.operator.topology.Action.ForgetNode;
import dev.keyslot.operator.topology.Action.MeetNode;
import dev.keyslot.operator.topology.Action.MigrateSlots;
import dev.keyslot.operator.topology.Action.ReplicateTo;
import dev.keyslot.operator.topology.Action.RestartPod;
import dev.keyslot.operator.topology.Action.ShrinkShard;
import dev.keyslot.operator.topology.Action.Wait;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model of a Redis Cluster and its StatefulSets that applies planner actions the way the operator and the
 * nodes would, with one gossip round per step. It asserts the safety rules as actions are applied.
 */
final class ClusterModel {
    /** The most slots one migration step moves (MigrationPace's bound), so the most an interrupted step leaves open. */
    private static final int MAX_STEP_SLOTS = 256;

    static final class Node {
        final String id;
        final PodIdentity pod;
        boolean master = true;
        String masterId;
        SlotSet slots = SlotSet.EMPTY;
        final Set<String> known = new LinkedHashSet<>();
        final Map<Integer, String> migrating = new TreeMap<>();
        final Map<Integer, String> importing = new TreeMap<>();
        boolean ready;

        Node(String id, PodIdentity pod) {
            this.id = id;
            this.pod = pod;
            known.add(id);
        }

        ClusterNode asSeen() {
            return new ClusterNode(id, address(), master, masterId, slots, false);
        }

        String address() {
            return "10.0." + pod.shard() + "." + pod.ordinal();
        }
    }

    private final Random random;
    private final double interruptChance;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    /** Last state of nodes whose pods are gone, as other nodes still remember them. */
    private final Map<String, ClusterNode> departed = new HashMap<>();
    private final Set<String> forgotten = new LinkedHashSet<>();
    /** Pods running an older template than their StatefulSet's. */
    private final Set<String> outdated = new LinkedHashSet<>();
    /** Every pod restart, in order, with the role its node had when restarted. */
    private final List<String> restarts = new ArrayList<>();
    private final Map<Integer, Integer> statefulSets = new TreeMap<>();
    private int nextId;

    ClusterModel(Random random, double interruptChance) {
        this.random = random;
        this.interruptChance = interruptChance;
    }

    /** What the reconciler does before planning: every wanted shard has a StatefulSet at least as large as wanted. */
    void reconcileStatefulSets(DesiredTopology desired) {
        for (int shard = 0; shard < desired.masters(); shard++) {
            int size = Math.max(statefulSets.getOrDefault(shard, 0), desired.replicasPerMaster() + 1);
            statefulSets.put(shard, size);
            for (int ordinal = 0; ordinal < size; ordinal++) {
                PodIdentity pod = new PodIdentity("rc-" + shard + "-" + ordinal, shard, ordinal);
                if (nodes.values().stream().noneMatch(n -> n.pod.equals(pod))) {
                    Node node = new Node(String.format("%040d", nextId++), pod);
                    nodes.put(node.id, node);
                }
            }
        }
    }

    ObservedCluster observe() {
        List<NodeObservation> observations = new ArrayList<>();
        List<PodIdentity> unready = new ArrayList<>();
        for (Node n : nodes.values()) {
            if (!n.ready) {
                unready.add(n.pod);
                continue;
            }
            Map<String, ClusterNode> view = new LinkedHashMap<>();
            for (String id : n.known) {
                view.put(id, nodes.containsKey(id) ? nodes.get(id).asSeen() : departed.get(id));
            }
            observations.add(new NodeObservation(n.pod, n.id, n.address(), view,
                    Map.copyOf(n.migrating), Map.copyOf(n.importing)));
        }
        return new ObservedCluster(observations, unready, Set.copyOf(outdated));
    }

    /** Pods become ready and nodes exchange what they know, as one gossip round does. */
    void tick() {
        nodes.values().forEach(n -> n.ready = true);
        Map<String, Set<String>> learned = new HashMap<>();
        for (Node n : nodes.values()) {
            Set<String> next = new LinkedHashSet<>(n.known);
            for (String peer : n.known) {
                Node p = nodes.get(peer);
                if (p != null && p.known.contains(n.id)) {
                    p.known.stream().filter(id -> !forgotten.contains(id)).forEach(next::add);
                }
            }
            learned.put(n.id, next);
        }
        learned.forEach((id, known) -> {
            if (!forgotten.contains(id)) {
                nodes.get(id).known.addAll(known);
            }
        });
    }

    /** Two nodes lose each other, as when a gossip-started handshake between them times out. */
    void dropHandshake(String podA, String podB) {
        Node a = byPod(podA);
        Node b = byPod(podB);
        a.known.remove(b.id);
        b.known.remove(a.id);
    }

    private Node byPod(String podName) {
        return nodes.values().stream().filter(n -> n.pod.name().equals(podName)).findFirst().orElseThrow();
    }

    void apply(Action action) {
        SlotSet coveredBefore = covered();
        if (action instanceof MeetNode m) {
            nodes.get(m.viaNodeId()).known.add(m.nodeId());
            nodes.get(m.nodeId()).known.add(m.viaNodeId());
        } else if (action instanceof AssignSlots a) {
            assertThat(covered().intersect(a.slots()).isEmpty()).as("assigns only unowned slots").isTrue();
            Node n = nodes.get(a.nodeId());
            assertThat(n.master).isTrue();
            n.slots = n.slots.union(a.slots());
        } else if (action instanceof ReplicateTo r) {
            Node n = nodes.get(r.nodeId());
            assertThat(n.slots.isEmpty()).as("only slotless nodes become replicas").isTrue();
            assertThat(nodes.get(r.masterId()).master).isTrue();
            n.master = false;
            n.masterId = r.masterId();
        } else if (action instanceof MigrateSlots m) {
            migrate(m);
        } else if (action instanceof FixOpenSlots f) {
            fix(f);
        } else if (action instanceof Failover f) {
            failover(nodes.get(f.replicaId()));
        } else if (action instanceof ForgetNode f) {
            forget(f.nodeId());
        } else if (action instanceof ForgetLostNode f) {
            assertThat(nodes).as("only nodes without a pod are lost").doesNotContainKey(f.nodeId());
            assertThat(nodes.values()).as("a lost node has no replica left").noneMatch(n -> f.nodeId().equals(n.masterId));
            forgotten.add(f.nodeId());
            nodes.values().forEach(n -> n.known.remove(f.nodeId()));
            return;
        } else if (action instanceof RestartPod r) {
            restart(r.pod());
        } else if (action instanceof DeleteShard d) {
            removePods(n -> n.pod.shard() == d.shard());
        } else if (action instanceof ShrinkShard s) {
            removePods(n -> n.pod.shard() == s.shard() && n.pod.ordinal() >= s.pods());
            statefulSets.put(s.shard(), s.pods());
        } else {
            assertThat(action).isInstanceOf(Wait.class);
        }
        assertThat(coveredBefore.minus(covered()).isEmpty()).as("covered slots stay covered after " + action).isTrue();
    }

    private void migrate(MigrateSlots m) {
        Node source = nodes.get(m.sourceId());
        Node target = nodes.get(m.targetId());
        assertThat(source.slots.intersect(m.slots())).isEqualTo(m.slots());
        assertThat(target.master).isTrue();
        int[] slots = m.slots().stream().toArray();
        int interruptAt = random.nextDouble() < interruptChance ? random.nextInt(slots.length) : slots.length;
        for (int i = 0; i < interruptAt; i++) {
            move(slots[i], source, target);
        }
        if (interruptAt < slots.length) {
            int stepEnd = Math.min(slots.length, interruptAt + 1 + random.nextInt(MAX_STEP_SLOTS));
            leaveOpen(Arrays.copyOfRange(slots, interruptAt, stepEnd), source, target, random.nextInt(4));
        }
    }

    /**
     * What a pipelined migration step stopped part way leaves on all its slots: 0 the target importing, 1 the source
     * migrating too, 2 the target took the slots (SETSLOT NODE) but the source still claims them, 3 as 2 with the
     * source already updated by the target's gossip (no longer claiming, still migrating).
     */
    void leaveOpen(int[] step, Node source, Node target, int phase) {
        for (int slot : step) {
            if (phase < 2) {
                target.importing.put(slot, source.id);
            } else {
                target.importing.remove(slot);
                target.slots = target.slots.union(SlotSet.of(slot));
            }
            if (phase > 0) {
                source.migrating.put(slot, target.id);
            }
            if (phase == 3) {
                source.slots = source.slots.minus(SlotSet.of(slot));
            }
        }
    }

    private void fix(FixOpenSlots f) {
        f.close().forEach((id, slots) -> slots.stream().forEach(slot -> {
            nodes.get(id).migrating.remove(slot);
            nodes.get(id).importing.remove(slot);
        }));
        for (MigrateSlots m : f.conclude()) {
            Node source = nodes.get(m.sourceId());
            assertThat(nodes.get(m.targetId()).slots.intersect(m.slots())).as("concluded slots are the target's already")
                    .isEqualTo(m.slots());
            source.slots = source.slots.minus(m.slots());
            m.slots().stream().forEach(source.migrating::remove);
        }
        for (MigrateSlots m : f.resume()) {
            Node source = nodes.get(m.sourceId());
            Node target = nodes.get(m.targetId());
            assertThat(source.slots.intersect(m.slots())).isEqualTo(m.slots());
            assertThat(target.slots.intersect(m.slots()).isEmpty()).as("a node refuses to import a slot it owns").isTrue();
            if (random.nextDouble() < interruptChance) {
                leaveOpen(m.slots().stream().toArray(), source, target, 1 + random.nextInt(3));
            } else {
                m.slots().stream().forEach(slot -> move(slot, source, target));
            }
        }
    }

    private void move(int slot, Node source, Node target) {
        source.slots = source.slots.minus(SlotSet.of(slot));
        target.slots = target.slots.union(SlotSet.of(slot));
        source.migrating.remove(slot);
        target.importing.remove(slot);
    }

    void failover(Node replica) {
        Node master = nodes.get(replica.masterId);
        replica.master = true;
        replica.masterId = null;
        replica.slots = master.slots;
        master.slots = SlotSet.EMPTY;
        master.master = false;
        master.migrating.clear();
        master.importing.clear();
        nodes.values().stream().filter(n -> master.id.equals(n.masterId) || n == master)
                .forEach(n -> n.masterId = replica.id);
    }

    private void forget(String id) {
        ClusterNode seen = nodes.containsKey(id) ? nodes.get(id).asSeen() : departed.get(id);
        assertThat(seen.slots().isEmpty()).as("never forget a node with slots").isTrue();
        forgotten.add(id);
        nodes.values().stream().filter(n -> !n.id.equals(id)).forEach(n -> n.known.remove(id));
    }

    private void removePods(Predicate<Node> which) {
        List<Node> removed = nodes.values().stream().filter(which).toList();
        for (Node n : removed) {
            assertThat(n.slots.isEmpty()).as("never delete a pod whose node has slots").isTrue();
            assertThat(nodes.values().stream().filter(o -> o != n && !removed.contains(o))
                    .anyMatch(o -> o.known.contains(n.id))).as("deleted pods are forgotten first").isFalse();
            departed.put(n.id, n.asSeen());
            nodes.remove(n.id);
        }
        removed.stream().map(n -> n.pod.shard()).distinct()
                .filter(shard -> nodes.values().stream().noneMatch(n -> n.pod.shard() == shard))
                .forEach(statefulSets::remove);
    }

    private void restart(String pod) {
        Node node = nodes.values().stream().filter(n -> n.pod.name().equals(pod)).findFirst().orElseThrow();
        boolean replicated = nodes.values().stream().anyMatch(n -> node.id.equals(n.masterId));
        assertThat(node.slots.isEmpty() || !replicated).as("a master with replicas hands over before it restarts").isTrue();
        restarts.add(pod + (node.master ? " master" : " replica"));
        outdated.remove(pod);
        node.ready = false;
    }

    /** The StatefulSets' template changed: every pod runs an outdated one. */
    void changeTemplate() {
        nodes.values().forEach(n -> outdated.add(n.pod.name()));
    }

    List<String> restarts() {
        return restarts;
    }

    /**
     * The pods lose their nodes and volumes and come back empty with new ids (the next reconcile creates them).
     * A lost master with a surviving replica is failed over first, as the cluster does.
     */
    void replacePods(Predicate<Node> which) {
        List<Node> lost = nodes.values().stream().filter(which).toList();
        for (Node n : lost) {
            nodes.values().stream().filter(r -> n.id.equals(r.masterId) && !lost.contains(r)).findFirst()
                    .ifPresent(this::failover);
        }
        for (Node n : lost) {
            departed.put(n.id, new ClusterNode(n.id, n.address(), n.master, n.masterId, n.slots, true));
            nodes.remove(n.id);
        }
    }

    /** A random failover inside a shard, as the cluster itself does when a master fails. */
    void randomFailover() {
        List<Node> replicas = nodes.values().stream()
                .filter(n -> !n.master && n.masterId != null && nodes.containsKey(n.masterId)
                        && nodes.get(n.masterId).pod.shard() == n.pod.shard())
                .toList();
        if (!replicas.isEmpty()) {
            failover(replicas.get(random.nextInt(replicas.size())));
        }
    }

    SlotSet covered() {
        return nodes.values().stream().map(n -> n.slots).reduce(SlotSet.EMPTY, SlotSet::union);
    }

    Map<String, Node> nodes() {
        return nodes;
    }

    Map<Integer, Integer> statefulSets() {
        return statefulSets;
    }
}
