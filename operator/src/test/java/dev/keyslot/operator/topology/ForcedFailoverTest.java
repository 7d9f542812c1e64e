package dev.keyslot.operator.topology;

import dev.keyslot.operator.topology.Action.ForceFailover;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 2x2 cluster (masters a and b, replicas a1, a2 of a and b1 of b) where master a fails and no replica is
 * elected: the planner forces the best replica over once a has been failing longer than the bound, gives it time to
 * win its election, and makes it take over without one after twice the bound.
 */
class ForcedFailoverTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofSeconds(4);
    private static final DesiredTopology DESIRED = new DesiredTopology(2, 2);
    private final Planner planner = new Planner(BOUND, RETRY);

    private static final ClusterNode A = ClusterNode.master("a", "10.0.0.1", SlotSet.range(0, 8191));
    private static final ClusterNode B = ClusterNode.master("b", "10.0.1.1", SlotSet.range(8192, 16383));
    private static final ClusterNode A_FAILING = new ClusterNode("a", "10.0.0.1", true, null, SlotSet.range(0, 8191), true);

    private static Map<String, ClusterNode> view(ClusterNode... nodes) {
        Map<String, ClusterNode> view = new LinkedHashMap<>();
        for (ClusterNode n : nodes) {
            view.put(n.id(), n);
        }
        view.putIfAbsent("a1", ClusterNode.replica("a1", "10.0.0.2", "a"));
        view.putIfAbsent("a2", ClusterNode.replica("a2", "10.0.0.3", "a"));
        view.putIfAbsent("b1", ClusterNode.replica("b1", "10.0.1.2", "b"));
        view.putIfAbsent("b2", ClusterNode.replica("b2", "10.0.1.3", "b"));
        return view;
    }

    private static NodeObservation node(String pod, String id, Map<String, ClusterNode> view, long offset) {
        String[] parts = pod.split("-");
        ClusterNode self = view.get(id);
        return new NodeObservation(new PodIdentity(pod, Integer.parseInt(parts[1]), Integer.parseInt(parts[2])), id,
                self.address(), view, Map.of(), Map.of(), self.master(), self.master() ? null : "10.0.0.1", offset);
    }

    /** Everyone but the dead master a (its pod not ready), all seeing a failing; a1 and a2 with the given offsets. */
    private static List<NodeObservation> withoutA(long a1Offset, long a2Offset) {
        Map<String, ClusterNode> seen = view(A_FAILING, B);
        return List.of(node("rc-0-1", "a1", seen, a1Offset), node("rc-0-2", "a2", seen, a2Offset),
                node("rc-1-0", "b", seen, 0), node("rc-1-1", "b1", seen, 500), node("rc-1-2", "b2", seen, 500));
    }

    private Plan plan(List<NodeObservation> nodes, List<PodIdentity> unready, Map<String, Duration> failingFor) {
        return planner.plan(DESIRED, new ObservedCluster(nodes, unready, Set.of(), failingFor));
    }

    private Plan plan(Planner planner, List<NodeObservation> nodes, Duration failing, ForceAttempt... attempts) {
        return planner.plan(DESIRED, new ObservedCluster(nodes, A_DOWN, Set.of(), Map.of("a", failing), List.of(attempts)));
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static final List<PodIdentity> A_DOWN = List.of(new PodIdentity("rc-0-0", 0, 0));

    @Test
    void waitsWhileTheMasterHasFailedForLessThanTheBound() {
        Plan plan = plan(withoutA(100, 200), A_DOWN, Map.of("a", Duration.ofSeconds(9)));

        assertThat(plan.isWait()).isTrue();
    }

    @Test
    void forcesTheReplicaWithTheMostReplicatedDataThenTakesOverAfterTwiceTheBound() {
        assertThat(plan(withoutA(100, 200), A_DOWN, Map.of("a", BOUND)).actions())
                .containsExactly(new ForceFailover("a2", "a", false));
        assertThat(plan(withoutA(300, 200), A_DOWN, Map.of("a", Duration.ofSeconds(15))).actions())
                .containsExactly(new ForceFailover("a1", "a", false));
        assertThat(plan(withoutA(100, 200), A_DOWN, Map.of("a", Duration.ofSeconds(20))).actions())
                .containsExactly(new ForceFailover("a2", "a", true));
    }

    @Test
    void tellsWhenTheNextStepOfTheRuleComesDue() {
        assertThat(planner.untilForcedFailoverStep(Map.of())).isEmpty();
        assertThat(planner.untilForcedFailoverStep(Map.of("a", Duration.ofSeconds(3), "b", Duration.ofSeconds(8))))
                .as("the force of b").contains(Duration.ofSeconds(2));
        assertThat(planner.untilForcedFailoverStep(Map.of("a", Duration.ofSeconds(14))))
                .as("the takeover after twice the bound").contains(Duration.ofSeconds(6));
        assertThat(planner.untilForcedFailoverStep(Map.of("a", Duration.ofSeconds(20)))).as("no step left").isEmpty();
    }

    @Test
    void doesNotForceWhileSomeNodeStillSeesTheMasterWorking() {
        List<NodeObservation> nodes = new ArrayList<>(withoutA(100, 200));
        nodes.set(2, node("rc-1-0", "b", view(A, B), 0));

        assertThat(plan(nodes, A_DOWN, Map.of("a", Duration.ofSeconds(30))).actions())
                .noneMatch(ForceFailover.class::isInstance);
    }

    @Test
    void doesNotForceAReplicaOthersSeeFailingNorReplicasOfAMasterWithoutSlots() {
        Map<String, ClusterNode> seen = view(A_FAILING, B, new ClusterNode("a2", "10.0.0.3", false, "a", SlotSet.EMPTY, true));
        List<NodeObservation> nodes = List.of(node("rc-0-1", "a1", seen, 100), node("rc-0-2", "a2", seen, 200),
                node("rc-1-0", "b", seen, 0), node("rc-1-1", "b1", seen, 500), node("rc-1-2", "b2", seen, 500));
        assertThat(plan(nodes, A_DOWN, Map.of("a", Duration.ofSeconds(12))).actions())
                .containsExactly(new ForceFailover("a1", "a", false));

        ClusterNode emptyFailing = new ClusterNode("a", "10.0.0.1", true, null, SlotSet.EMPTY, true);
        Map<String, ClusterNode> slotless = view(emptyFailing, ClusterNode.master("b", "10.0.1.1", SlotSet.all()));
        List<NodeObservation> noSlots = List.of(node("rc-0-1", "a1", slotless, 100), node("rc-1-0", "b", slotless, 0));
        assertThat(plan(noSlots, A_DOWN, Map.of("a", Duration.ofSeconds(30))).actions())
                .noneMatch(ForceFailover.class::isInstance);
    }

    /**
     * A partition: a still runs and is observed, but it sees everyone else failing and everyone else sees it
     * failing. Only a counts as failed (b is seen failing by a alone), so only a's replica is forced over.
     */
    @Test
    void inAPartitionOnlyTheMasterTheMajorityLostIsReplaced() {
        List<NodeObservation> nodes = new ArrayList<>(withoutA(100, 200));
        ClusterNode bFailing = new ClusterNode("b", "10.0.1.1", true, null, SlotSet.range(8192, 16383), true);
        Map<String, ClusterNode> isolatedView = view(A, bFailing,
                new ClusterNode("a1", "10.0.0.2", false, "a", SlotSet.EMPTY, true),
                new ClusterNode("a2", "10.0.0.3", false, "a", SlotSet.EMPTY, true),
                new ClusterNode("b1", "10.0.1.2", false, "b", SlotSet.EMPTY, true),
                new ClusterNode("b2", "10.0.1.3", false, "b", SlotSet.EMPTY, true));
        nodes.add(0, node("rc-0-0", "a", isolatedView, 0));

        assertThat(plan(nodes, List.of(), Map.of("a", Duration.ofSeconds(11), "b", Duration.ofSeconds(11), "a1",
                Duration.ofSeconds(11), "a2", Duration.ofSeconds(11))).actions())
                .containsExactly(new ForceFailover("a2", "a", false));
    }

    /**
     * Reconciles in a row: FORCE once, then waits while the replica may still win its election (sending it again
     * would restart the election), again once the attempt is over, and TAKEOVER at twice the bound as before.
     */
    @Test
    void forcesOncePerAttemptAndAgainOnlyWhenTheAttemptIsOver() {
        List<NodeObservation> nodes = withoutA(100, 200);
        assertThat(plan(planner, nodes, BOUND).actions()).containsExactly(new ForceFailover("a2", "a", false));

        for (double sinceForce : new double[]{0.3, 1, 3.9}) {
            Plan waiting = plan(planner, nodes, BOUND.plus(seconds(sinceForce)), new ForceAttempt("a", "a2", seconds(sinceForce)));
            assertThat(waiting.isWait()).as("%s s after the FORCE", sinceForce).isTrue();
            assertThat(((Action.Wait) waiting.actions().get(0)).reason()).contains("FORCE", "rc-0-2");
        }

        assertThat(plan(planner, nodes, BOUND.plus(RETRY), new ForceAttempt("a", "a2", RETRY)).actions())
                .as("the first attempt is over").containsExactly(new ForceFailover("a2", "a", false));
        assertThat(plan(planner, nodes, seconds(14.5), new ForceAttempt("a", "a2", seconds(0.5))).isWait()).isTrue();
        assertThat(plan(planner, nodes, BOUND.multipliedBy(2), new ForceAttempt("a", "a2", seconds(2))).actions())
                .as("TAKEOVER does not wait for a FORCE").containsExactly(new ForceFailover("a2", "a", true));
        assertThat(plan(planner, nodes, seconds(20.3), new ForceAttempt("a", "a2", seconds(2.3))).actions())
                .as("TAKEOVER is sent at every plan").containsExactly(new ForceFailover("a2", "a", true));
    }

    /**
     * A restarted operator knows only what it observes and what the status recorded: a failure duration estimated
     * anew from the nodes and the FORCE sent before the restart. It waits for that attempt like the operator that
     * sent it, and sends again once the attempt is over.
     */
    @Test
    void aRestartedOperatorWaitsForTheAttemptRecordedBeforeItsRestart() {
        Planner restarted = new Planner(BOUND, RETRY);
        List<NodeObservation> nodes = withoutA(100, 200);

        assertThat(plan(restarted, nodes, seconds(12.5), new ForceAttempt("a", "a2", seconds(1.5))).isWait()).isTrue();
        assertThat(plan(restarted, nodes, seconds(16), new ForceAttempt("a", "a2", seconds(5))).actions())
                .containsExactly(new ForceFailover("a2", "a", false));
    }

    @Test
    void forcesAnotherReplicaAtOnceWhenTheForcedOneIsSeenFailing() {
        Map<String, ClusterNode> seen = view(A_FAILING, B, new ClusterNode("a2", "10.0.0.3", false, "a", SlotSet.EMPTY, true));
        List<NodeObservation> nodes = List.of(node("rc-0-1", "a1", seen, 100), node("rc-1-0", "b", seen, 0),
                node("rc-1-1", "b1", seen, 500), node("rc-1-2", "b2", seen, 500));

        assertThat(plan(planner, nodes, seconds(11), new ForceAttempt("a", "a2", seconds(1))).actions())
                .containsExactly(new ForceFailover("a1", "a", false));
    }

    /** Each failing master has its own attempt: one still running does not hold back the other's FORCE. */
    @Test
    void anAttemptForOneMasterDoesNotDelayTheOther() {
        ClusterNode bFailing = new ClusterNode("b", "10.0.1.1", true, null, SlotSet.range(8192, 16383), true);
        Map<String, ClusterNode> seen = view(A_FAILING, bFailing);
        List<NodeObservation> nodes = List.of(node("rc-0-1", "a1", seen, 100), node("rc-0-2", "a2", seen, 200),
                node("rc-1-1", "b1", seen, 500), node("rc-1-2", "b2", seen, 400));
        Map<String, Duration> failing = Map.of("a", seconds(12), "b", BOUND);

        assertThat(planner.plan(DESIRED, new ObservedCluster(nodes, List.of(new PodIdentity("rc-0-0", 0, 0),
                new PodIdentity("rc-1-0", 1, 0)), Set.of(), failing, List.of(new ForceAttempt("a", "a2", seconds(2))))).actions())
                .containsExactly(new ForceFailover("b1", "b", false));
    }
}
