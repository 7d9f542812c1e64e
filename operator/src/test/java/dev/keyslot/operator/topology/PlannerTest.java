package dev.keyslot.operator.topology;

import dev.keyslot.operator.topology.Action.AssignSlots;
import dev.keyslot.operator.topology.Action.DeleteShard;
import dev.keyslot.operator.topology.Action.FixOpenSlots;
import dev.keyslot.operator.topology.Action.ForgetNode;
import dev.keyslot.operator.topology.Action.MeetNode;
import dev.keyslot.operator.topology.Action.MigrateSlots;
import dev.keyslot.operator.topology.Action.ReplicateTo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PlannerTest {
    private final Planner planner = new Planner();

    /** Runs plans against the model until done, applying every action, and returns what was applied. */
    private List<Action> converge(ClusterModel model, DesiredTopology desired) {
        List<Action> applied = new ArrayList<>();
        for (int step = 0; step < 100; step++) {
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

    private static ClusterModel model() {
        return new ClusterModel(new Random(1), 0);
    }

    @Test
    void waitsForPodsBeforeAnything() {
        ClusterModel model = model();
        DesiredTopology desired = new DesiredTopology(3, 1);
        model.reconcileStatefulSets(desired);
        Plan plan = planner.plan(desired, model.observe());
        assertThat(plan.isWait()).isTrue();
        assertThat(plan.actions().get(0).toString()).contains("rc-0-0", "rc-2-1");
    }

    @Test
    void bootstrapMeetsAssignsEvenlyThenReplicates() {
        ClusterModel model = model();
        DesiredTopology desired = new DesiredTopology(3, 1);
        List<Action> applied = converge(model, desired);

        assertThat(applied).filteredOn(MeetNode.class::isInstance).hasSize(5);
        List<AssignSlots> assigns = applied.stream().filter(AssignSlots.class::isInstance).map(AssignSlots.class::cast).toList();
        assertThat(assigns).extracting(a -> a.slots().toString()).containsExactly("0-5461", "5462-10922", "10923-16383");
        assertThat(applied).filteredOn(ReplicateTo.class::isInstance).hasSize(3);
        assertThat(applied.indexOf(assigns.get(0))).isGreaterThan(applied.stream().filter(MeetNode.class::isInstance)
                .mapToInt(applied::indexOf).max().orElseThrow());
        assertThat(applied).noneMatch(a -> a instanceof MigrateSlots || a instanceof ForgetNode);
        PlannerPropertyTest.assertConverged(model, desired);
    }

    /** One wait for the views to agree instead of two: the replicas follow their masters as the slots are assigned. */
    @Test
    void bootstrapAssignsSlotsAndAttachesReplicasInOneStep() {
        ClusterModel model = model();
        DesiredTopology desired = new DesiredTopology(3, 1);
        for (int step = 0; step < 100; step++) {
            model.reconcileStatefulSets(desired);
            Plan plan = planner.plan(desired, model.observe());
            assertThat(plan.isDone()).as("done before assigning slots").isFalse();
            if (plan.actions().stream().anyMatch(AssignSlots.class::isInstance)) {
                assertThat(plan.actions()).filteredOn(AssignSlots.class::isInstance).hasSize(3);
                assertThat(plan.actions()).filteredOn(ReplicateTo.class::isInstance).hasSize(3);
                return;
            }
            plan.actions().forEach(model::apply);
            model.tick();
        }
        throw new AssertionError("no slots assigned in 100 steps");
    }

    @Test
    void membersThatLostEachOtherAreMetDirectlyOnceGossipHadTimeToIntroduceThem() {
        ClusterModel model = model();
        DesiredTopology desired = new DesiredTopology(3, 1);
        converge(model, desired);
        model.dropHandshake("rc-1-0", "rc-2-1");
        ObservedCluster observed = model.observe();
        NodeObservation first = node(observed, "rc-1-0");
        NodeObservation second = node(observed, "rc-2-1");

        Plan plan = planner.plan(desired, strangersFor(observed, Duration.ofSeconds(5)));

        assertThat(plan.actions()).as("one MEET introduces both ways").containsExactly(
                new MeetNode(second.id(), second.address(), first.id()));
    }

    @Test
    void membersThatDoNotKnowEachOtherYetAreLeftToGossipAtFirst() {
        ClusterModel model = model();
        DesiredTopology desired = new DesiredTopology(3, 1);
        converge(model, desired);
        model.dropHandshake("rc-1-0", "rc-2-1");
        ObservedCluster observed = model.observe();

        Plan fresh = planner.plan(desired, observed);
        Plan recent = planner.plan(desired, strangersFor(observed, Duration.ofMillis(4999)));

        assertThat(fresh.isWait()).isTrue();
        assertThat(fresh.actions().get(0).toString()).contains("gossip", "rc-1-0 to rc-2-1", "rc-2-1 to rc-1-0");
        assertThat(recent.isWait()).isTrue();
    }

    @Test
    void aMemberOnlyTheSeedLostIsLeftToGossipBeforeTheSeedMeetsIt() {
        ClusterModel model = model();
        DesiredTopology desired = new DesiredTopology(3, 1);
        converge(model, desired);
        model.dropHandshake("rc-0-0", "rc-2-1");
        ObservedCluster observed = model.observe();
        NodeObservation seed = node(observed, "rc-0-0");
        NodeObservation lost = node(observed, "rc-2-1");

        Plan fresh = planner.plan(desired, strangersFor(observed, Duration.ZERO));
        Plan due = planner.plan(desired, strangersFor(observed, Duration.ofSeconds(5)));

        assertThat(fresh.isWait()).as("others still know both: gossip reintroduces them").isTrue();
        assertThat(fresh.actions().get(0).toString()).contains("gossip", "rc-2-1", "rc-0-0");
        assertThat(due.actions()).containsExactly(new MeetNode(lost.id(), lost.address(), seed.id()));
    }

    @Test
    void aNodeNewToTheClusterIsMetAtOnceWhileALostMemberWaits() {
        ClusterModel model = model();
        converge(model, new DesiredTopology(3, 1));
        DesiredTopology desired = new DesiredTopology(3, 2);
        model.reconcileStatefulSets(desired);
        model.tick();
        model.dropHandshake("rc-0-0", "rc-2-1");
        ObservedCluster observed = model.observe();
        NodeObservation seed = node(observed, "rc-0-0");

        Plan plan = planner.plan(desired, strangersFor(observed, Duration.ZERO));

        assertThat(plan.actions()).extracting(a -> ((MeetNode) a).nodeId()).containsExactlyInAnyOrder(
                node(observed, "rc-0-2").id(), node(observed, "rc-1-2").id(), node(observed, "rc-2-2").id());
        assertThat(plan.actions()).allMatch(a -> ((MeetNode) a).viaNodeId().equals(seed.id()));
    }

    @Test
    void onlyThePairsStrangersLongEnoughAreMet() {
        ClusterModel model = model();
        DesiredTopology desired = new DesiredTopology(3, 1);
        converge(model, desired);
        model.dropHandshake("rc-1-0", "rc-2-1");
        model.dropHandshake("rc-0-1", "rc-2-0");
        ObservedCluster observed = model.observe();
        NodeObservation a = node(observed, "rc-0-1");
        NodeObservation b = node(observed, "rc-2-0");
        Map<StrangerPair, Duration> durations = new HashMap<>();
        StrangerPair.among(observed.nodes()).forEach(p -> durations.put(p, Duration.ofSeconds(1)));
        durations.put(new StrangerPair(b.id(), a.id()), Duration.ofSeconds(6));

        Plan plan = planner.plan(desired, withStrangers(observed, durations));

        assertThat(plan.actions()).containsExactly(new MeetNode(a.id(), a.address(), b.id()));
    }

    @Test
    void aClusterBeingFormedHasNoStrangersUntilItsNodesAreMet() {
        ClusterModel model = model();
        DesiredTopology desired = new DesiredTopology(3, 1);
        model.reconcileStatefulSets(desired);
        model.tick();
        assertThat(StrangerPair.among(model.observe().nodes())).isEmpty();

        Plan meets = planner.plan(desired, model.observe());
        meets.actions().forEach(model::apply);

        assertThat(meets.actions()).hasSize(5).allMatch(MeetNode.class::isInstance);
        assertThat(StrangerPair.among(model.observe().nodes())).as("the met nodes, not yet gossiped to each other")
                .hasSize(5 * 4);
    }

    private static NodeObservation node(ObservedCluster observed, String pod) {
        return observed.nodes().stream().filter(n -> n.pod().name().equals(pod)).findFirst().orElseThrow();
    }

    private static ObservedCluster strangersFor(ObservedCluster observed, Duration duration) {
        Map<StrangerPair, Duration> durations = new HashMap<>();
        StrangerPair.among(observed.nodes()).forEach(p -> durations.put(p, duration));
        return withStrangers(observed, durations);
    }

    private static ObservedCluster withStrangers(ObservedCluster observed, Map<StrangerPair, Duration> durations) {
        return new ObservedCluster(observed.nodes(), observed.unreadyPods(), observed.outdatedPods(), observed.failingFor(),
                observed.forceAttempts(), durations);
    }

    @Test
    void scaleOutMovesOnlyTheNewShareFromEveryOldMaster() {
        ClusterModel model = model();
        converge(model, new DesiredTopology(3, 1));
        List<Action> applied = converge(model, new DesiredTopology(4, 1));

        List<MigrateSlots> moves = applied.stream().filter(MigrateSlots.class::isInstance).map(MigrateSlots.class::cast).toList();
        assertThat(moves.stream().mapToInt(m -> m.slots().size()).sum()).isEqualTo(4096);
        assertThat(moves).extracting(MigrateSlots::sourceId).doesNotHaveDuplicates().hasSize(3);
        assertThat(moves).extracting(MigrateSlots::targetId).containsOnly(moves.get(0).targetId());
        PlannerPropertyTest.assertConverged(model, new DesiredTopology(4, 1));
    }

    @Test
    void scaleInDrainsToAllRemainingMastersBeforeForgettingAndDeleting() {
        ClusterModel model = model();
        converge(model, new DesiredTopology(4, 1));
        List<Action> applied = converge(model, new DesiredTopology(3, 1));

        List<MigrateSlots> moves = applied.stream().filter(MigrateSlots.class::isInstance).map(MigrateSlots.class::cast).toList();
        assertThat(moves).extracting(MigrateSlots::targetId).doesNotHaveDuplicates().hasSize(3);
        assertThat(moves.stream().mapToInt(m -> m.slots().size()).sum()).isEqualTo(4096);
        int lastMove = applied.indexOf(moves.get(moves.size() - 1));
        int firstForget = applied.stream().filter(ForgetNode.class::isInstance).mapToInt(applied::indexOf).min().orElseThrow();
        int delete = applied.stream().filter(DeleteShard.class::isInstance).mapToInt(applied::indexOf).min().orElseThrow();
        assertThat(lastMove).isLessThan(firstForget);
        assertThat(firstForget).isLessThan(delete);
        assertThat(applied).filteredOn(ForgetNode.class::isInstance).hasSize(2);
        assertThat(applied).contains(new DeleteShard(3));
    }

    @Test
    void replicasGoUpAndDown() {
        ClusterModel model = model();
        converge(model, new DesiredTopology(2, 1));
        List<Action> up = converge(model, new DesiredTopology(2, 2));
        assertThat(up).filteredOn(ReplicateTo.class::isInstance).hasSize(2);
        assertThat(up).noneMatch(MigrateSlots.class::isInstance);
        List<Action> down = converge(model, new DesiredTopology(2, 0));
        assertThat(down).filteredOn(ForgetNode.class::isInstance).hasSize(4);
        assertThat(down).noneMatch(MigrateSlots.class::isInstance);
        PlannerPropertyTest.assertConverged(model, new DesiredTopology(2, 0));
    }

    @Test
    void anInterruptedMigrationIsFinishedForwardBeforeAnythingElse() {
        ClusterModel model = model();
        converge(model, new DesiredTopology(2, 0));
        List<ClusterModel.Node> masters = new ArrayList<>(model.nodes().values());
        ClusterModel.Node source = masters.get(0);
        ClusterModel.Node target = masters.get(1);
        source.migrating.put(7, target.id);
        target.importing.put(7, source.id);

        Plan plan = planner.plan(new DesiredTopology(2, 0), model.observe());
        assertThat(plan.actions()).containsExactly(new FixOpenSlots(
                List.of(new MigrateSlots(source.id, target.id, SlotSet.of(7))), List.of(), Map.of()));
    }

    @Test
    void everySlotOfInterruptedStepsIsFixedByOneActionWhateverPhaseEachStepStoppedIn() {
        ClusterModel model = model();
        converge(model, new DesiredTopology(3, 0));
        List<ClusterModel.Node> masters = new ArrayList<>(model.nodes().values());
        ClusterModel.Node a = masters.get(0);
        ClusterModel.Node b = masters.get(1);
        ClusterModel.Node c = masters.get(2);
        model.leaveOpen(SlotSet.range(0, 15).stream().toArray(), a, b, 0);
        model.leaveOpen(SlotSet.range(16, 31).stream().toArray(), a, b, 1);
        model.leaveOpen(SlotSet.range(5500, 5515).stream().toArray(), b, c, 2);
        model.leaveOpen(SlotSet.range(11000, 11015).stream().toArray(), c, a, 3);

        Plan plan = planner.plan(new DesiredTopology(3, 0), model.observe());
        assertThat(plan.actions()).containsExactly(new FixOpenSlots(
                List.of(new MigrateSlots(a.id, b.id, SlotSet.range(0, 31))),
                List.of(new MigrateSlots(b.id, c.id, SlotSet.range(5500, 5515)),
                        new MigrateSlots(c.id, a.id, SlotSet.range(11000, 11015))),
                Map.of()));
        model.apply(plan.actions().get(0));
        model.tick();
        assertThat(planner.plan(new DesiredTopology(3, 0), model.observe()).actions())
                .as("nothing left open after the one action").noneMatch(FixOpenSlots.class::isInstance);
    }

    @Test
    void slotsWhoseTargetIsGoneAreClosedOnlyOnTheNodesHoldingThemOpen() {
        ClusterModel model = model();
        converge(model, new DesiredTopology(2, 0));
        List<ClusterModel.Node> masters = new ArrayList<>(model.nodes().values());
        ClusterModel.Node source = masters.get(0);
        SlotSet open = SlotSet.range(100, 163);
        open.stream().forEach(slot -> source.migrating.put(slot, "0000000000000000000000000000000000000gone"));

        Plan plan = planner.plan(new DesiredTopology(2, 0), model.observe());
        assertThat(plan.actions()).containsExactly(new FixOpenSlots(List.of(), List.of(), Map.of(source.id, open)));
    }

    @Test
    void aPodlessNodeWithSlotsIsNeverForgotten() {
        NodeObservation only = new NodeObservation(new PodIdentity("rc-0-0", 0, 0), "a", "10.0.0.1",
                Map.of("a", ClusterNode.master("a", "10.0.0.1", SlotSet.range(0, 8191)),
                        "gone", ClusterNode.master("gone", "10.0.0.9", SlotSet.range(8192, 16383))),
                Map.of(), Map.of());
        Plan plan = planner.plan(new DesiredTopology(1, 0), new ObservedCluster(List.of(only), List.of()));
        assertThat(plan.isWait()).isTrue();
        assertThat(plan.actions().get(0).toString()).contains("gone", "8192-16383");
    }
}
