package dev.keyslot.operator.topology;

import dev.keyslot.operator.topology.Action.AssignSlots;
import dev.keyslot.operator.topology.Action.Failover;
import dev.keyslot.operator.topology.Action.ForgetLostNode;
import dev.keyslot.operator.topology.Action.ForgetNode;
import dev.keyslot.operator.topology.Action.MeetNode;
import dev.keyslot.operator.topology.Action.ReplicateTo;
import dev.keyslot.operator.topology.Action.RestartPod;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner after failures: replaced pods, lost shards, moved addresses, and rolling restarts. */
class PlannerRecoveryTest {
    private final Planner planner = new Planner();

    private List<Action> converge(ClusterModel model, DesiredTopology desired) {
        List<Action> applied = new ArrayList<>();
        for (int step = 0; step < 200; step++) {
            model.reconcileStatefulSets(desired);
            Plan plan = planner.plan(desired, model.observe());
            if (plan.isDone()) {
                return applied;
            }
            plan.actions().forEach(model::apply);
            applied.addAll(plan.actions());
            model.tick();
        }
        throw new AssertionError("did not converge: " + applied);
    }

    private static ClusterModel converged(DesiredTopology desired) {
        ClusterModel model = new ClusterModel(new Random(1), 0);
        new PlannerRecoveryTest().converge(model, desired);
        return model;
    }

    @Test
    void aMasterReplacedWithAnEmptyVolumeComesBackAsAReplicaAndItsOldIdIsForgotten() {
        DesiredTopology desired = new DesiredTopology(3, 1);
        ClusterModel model = converged(desired);
        ClusterModel.Node master = model.nodes().values().stream().filter(n -> n.pod.shard() == 1 && n.master).findFirst().orElseThrow();

        model.replacePods(n -> n == master);
        List<Action> applied = converge(model, desired);

        assertThat(applied).contains(new ForgetNode(master.id));
        assertThat(applied).filteredOn(ReplicateTo.class::isInstance).hasSize(1);
        assertThat(applied).noneMatch(a -> a instanceof ForgetLostNode || a instanceof AssignSlots);
        PlannerPropertyTest.assertConverged(model, desired);
    }

    @Test
    void aShardWithAllItsNodesLostGetsItsSlotsCoveredAgainByItsNewMaster() {
        DesiredTopology desired = new DesiredTopology(3, 1);
        ClusterModel model = converged(desired);
        ClusterModel.Node master = model.nodes().values().stream().filter(n -> n.pod.shard() == 2 && n.master).findFirst().orElseThrow();
        SlotSet lostSlots = master.slots;

        model.replacePods(n -> n.pod.shard() == 2);
        List<Action> applied = converge(model, desired);

        assertThat(applied).contains(new ForgetLostNode(master.id, lostSlots));
        List<AssignSlots> assigns = applied.stream().filter(AssignSlots.class::isInstance).map(AssignSlots.class::cast).toList();
        assertThat(assigns).hasSize(1);
        assertThat(assigns.get(0).slots()).isEqualTo(lostSlots);
        assertThat(model.nodes().get(assigns.get(0).nodeId()).pod.shard()).isEqualTo(2);
        PlannerPropertyTest.assertConverged(model, desired);
    }

    @Test
    void aLostMasterIsWaitedForWhileItsPodIsDownOrItsReplicaMayTakeOver() {
        ClusterNode lost = new ClusterNode("lost", "10.0.0.9", true, null, SlotSet.range(8192, 16383), true);
        NodeObservation survivor = observation("rc-0-0", 0, "a", Map.of(
                "a", ClusterNode.master("a", "10.0.0.1", SlotSet.range(0, 8191)), "lost", lost));
        NodeObservation newcomer = observation("rc-1-0", 1, "b", Map.of(
                "b", ClusterNode.master("b", "10.0.1.1", SlotSet.EMPTY), "a", ClusterNode.master("a", "10.0.0.1", SlotSet.range(0, 8191)),
                "lost", lost));
        NodeObservation replica = observation("rc-1-1", 1, "c", Map.of(
                "c", ClusterNode.replica("c", "10.0.1.2", "lost"), "a", ClusterNode.master("a", "10.0.0.1", SlotSet.range(0, 8191)),
                "b", ClusterNode.master("b", "10.0.1.1", SlotSet.EMPTY), "lost", lost));
        DesiredTopology desired = new DesiredTopology(2, 0);

        Plan podDown = planner.plan(desired, new ObservedCluster(List.of(survivor), List.of(new PodIdentity("rc-1-0", 1, 0))));
        assertThat(podDown.isWait()).isTrue();

        Plan replicaMayTakeOver = planner.plan(new DesiredTopology(2, 1), new ObservedCluster(
                List.of(survivor, withView(newcomer, "c", replica.self()), withView(replica, "c", replica.self()),
                        observation("rc-0-1", 0, "d", Map.of("d", ClusterNode.replica("d", "10.0.0.2", "a")))), List.of()));
        assertThat(replicaMayTakeOver.actions()).noneMatch(ForgetLostNode.class::isInstance);

        Plan gone = planner.plan(desired, new ObservedCluster(List.of(survivor, newcomer), List.of()));
        assertThat(gone.actions()).anySatisfy(a -> assertThat(a).isInstanceOf(MeetNode.class));
        NodeObservation met = observation("rc-0-0", 0, "a", Map.of("a", ClusterNode.master("a", "10.0.0.1", SlotSet.range(0, 8191)),
                "b", ClusterNode.master("b", "10.0.1.1", SlotSet.EMPTY), "lost", lost));
        assertThat(planner.plan(desired, new ObservedCluster(List.of(met, newcomer), List.of())).actions())
                .containsExactly(new ForgetLostNode("lost", SlotSet.range(8192, 16383)));
    }

    /** CI once saw SlotsLost for a shard whose replica had just won: the other members still showed the old master. */
    @Test
    void aReplicaJustPromotedIsNotTakenForALostShardWhileOthersStillShowItsOldMaster() {
        ClusterNode lost = new ClusterNode("lost", "10.0.0.9", true, null, SlotSet.range(8192, 16383), true);
        ClusterNode a = ClusterNode.master("a", "10.0.0.1", SlotSet.range(0, 8191));
        ClusterNode promoted = ClusterNode.master("c", "10.0.1.2", SlotSet.range(8192, 16383));
        ClusterNode newcomer = ClusterNode.master("b", "10.0.1.1", SlotSet.EMPTY);
        NodeObservation survivor = observation("rc-0-0", 0, "a", Map.of("a", a, "lost", lost, "b", newcomer, "c",
                ClusterNode.replica("c", "10.0.1.2", "lost"), "d", ClusterNode.replica("d", "10.0.0.2", "a")));
        NodeObservation survivorReplica = observation("rc-0-1", 0, "d", Map.of("d", ClusterNode.replica("d", "10.0.0.2", "a"),
                "a", a, "lost", lost, "b", newcomer, "c", ClusterNode.replica("c", "10.0.1.2", "lost")));
        NodeObservation heir = observation("rc-1-1", 1, "c", Map.of("c", promoted, "a", a, "b", newcomer,
                "d", ClusterNode.replica("d", "10.0.0.2", "a"),
                "lost", new ClusterNode("lost", "10.0.0.9", true, null, SlotSet.EMPTY, true)));
        NodeObservation replaced = observation("rc-1-0", 1, "b", Map.of("b", newcomer, "a", a, "c", promoted,
                "d", ClusterNode.replica("d", "10.0.0.2", "a"), "lost", lost));

        Plan plan = planner.plan(new DesiredTopology(2, 1),
                new ObservedCluster(List.of(survivor, survivorReplica, heir, replaced), List.of()));

        assertThat(plan.actions()).noneMatch(ForgetLostNode.class::isInstance);
        assertThat(plan.isWait()).isTrue();
    }

    @Test
    void nodesThatMovedToNewAddressesAreMetAgainThroughEveryNodeThatRemembersTheOldOne() {
        NodeObservation a = observation("rc-0-0", 0, "a", Map.of(
                "a", ClusterNode.master("a", "10.1.0.1", SlotSet.range(0, 8191)), "b", ClusterNode.master("b", "10.0.0.2", SlotSet.range(8192, 16383))));
        NodeObservation b = new NodeObservation(new PodIdentity("rc-1-0", 1, 0), "b", "10.1.0.2", Map.of(
                "a", ClusterNode.master("a", "10.0.0.1", SlotSet.range(0, 8191)), "b", ClusterNode.master("b", "10.1.0.2", SlotSet.range(8192, 16383))),
                Map.of(), Map.of());

        Plan plan = planner.plan(new DesiredTopology(2, 0), new ObservedCluster(List.of(a, b), List.of()));

        assertThat(plan.actions()).containsExactlyInAnyOrder(new MeetNode("b", "10.1.0.2", "a"), new MeetNode("a", "10.1.0.1", "b"));
    }

    @Test
    void aReplicaStillDiallingItsMastersOldAddressIsPointedAtItAgain() {
        Map<String, ClusterNode> view = Map.of("a", ClusterNode.master("a", "10.1.0.1", SlotSet.all()),
                "b", ClusterNode.replica("b", "10.1.0.2", "a"));
        NodeObservation master = observation("rc-0-0", 0, "a", view);
        NodeObservation stale = new NodeObservation(new PodIdentity("rc-0-1", 0, 1), "b", "10.1.0.2", view, Map.of(), Map.of(),
                false, "10.0.0.1");
        NodeObservation current = new NodeObservation(new PodIdentity("rc-0-1", 0, 1), "b", "10.1.0.2", view, Map.of(), Map.of(),
                true, "10.1.0.1");
        DesiredTopology desired = new DesiredTopology(1, 1);

        assertThat(planner.plan(desired, new ObservedCluster(List.of(master, stale), List.of())).actions())
                .containsExactly(new ReplicateTo("b", "a"));
        assertThat(planner.plan(desired, new ObservedCluster(List.of(master, current), List.of())).isDone()).isTrue();
    }

    @Test
    void aRollingRestartGoesShardByShardReplicasFirstThenHandsOverBeforeRestartingTheMaster() {
        DesiredTopology desired = new DesiredTopology(3, 1);
        ClusterModel model = converged(desired);

        model.changeTemplate();
        List<Action> applied = converge(model, desired);

        assertThat(model.restarts()).hasSize(6).allSatisfy(r -> assertThat(r).endsWith(" replica"));
        assertThat(applied).filteredOn(Failover.class::isInstance).hasSize(3);
        List<Integer> shardOrder = applied.stream().filter(RestartPod.class::isInstance)
                .map(a -> Integer.parseInt(((RestartPod) a).pod().split("-")[1])).toList();
        assertThat(shardOrder).containsExactly(0, 0, 1, 1, 2, 2);
        PlannerPropertyTest.assertConverged(model, desired);
    }

    @Test
    void aShardWithoutReplicasRestartsItsMasterInPlace() {
        DesiredTopology desired = new DesiredTopology(2, 0);
        ClusterModel model = converged(desired);

        model.changeTemplate();
        converge(model, desired);

        assertThat(model.restarts()).containsExactly("rc-0-0 master", "rc-1-0 master");
    }

    @Test
    void theRollingRestartWaitsForReplicasToSync() {
        NodeObservation master = observation("rc-0-0", 0, "a", Map.of(
                "a", ClusterNode.master("a", "10.0.0.1", SlotSet.all()), "b", ClusterNode.replica("b", "10.0.0.2", "a")));
        NodeObservation replica = new NodeObservation(new PodIdentity("rc-0-1", 0, 1), "b", "10.0.0.2", master.view(),
                Map.of(), Map.of(), false, "10.0.0.1");

        Plan plan = planner.plan(new DesiredTopology(1, 1), new ObservedCluster(List.of(master, replica), List.of(), java.util.Set.of("rc-0-0")));

        assertThat(plan.isWait()).isTrue();
        assertThat(plan.actions().get(0).toString()).contains("rc-0-1", "syncing");
    }

    private static NodeObservation observation(String pod, int shard, String id, Map<String, ClusterNode> view) {
        String[] parts = pod.split("-");
        return new NodeObservation(new PodIdentity(pod, shard, Integer.parseInt(parts[2])), id, view.get(id).address(), view,
                Map.of(), Map.of());
    }

    private static NodeObservation withView(NodeObservation n, String id, ClusterNode node) {
        Map<String, ClusterNode> view = new java.util.LinkedHashMap<>(n.view());
        view.put(id, node);
        return new NodeObservation(n.pod(), n.id(), n.address(), view, Map.of(), Map.of());
    }
}
