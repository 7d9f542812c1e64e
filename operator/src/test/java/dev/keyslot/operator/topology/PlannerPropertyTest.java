package dev.keyslot.operator.topology;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From random reachable states (a cluster built for one topology, interrupted migrations, failovers, then a
 * change of topology at a random moment) the planner converges to the desired topology. The model asserts on
 * every action that no covered slot is uncovered and no node with slots is forgotten or deleted.
 */
class PlannerPropertyTest {
    private static final int MAX_STEPS = 400;

    private final Planner planner = new Planner();

    @Property(tries = 150)
    void convergesWithoutEverUncoveringSlots(@ForAll @IntRange(min = 1, max = 5) int masters,
                                             @ForAll @IntRange(min = 0, max = 2) int replicas,
                                             @ForAll @IntRange(min = 1, max = 5) int newMasters,
                                             @ForAll @IntRange(min = 0, max = 2) int newReplicas,
                                             @ForAll @IntRange(min = 0, max = 40) int changeAtStep,
                                             @ForAll long seed) {
        Random random = new Random(seed);
        ClusterModel model = new ClusterModel(random, 0.2);
        DesiredTopology desired = new DesiredTopology(masters, replicas);
        boolean done = false;
        for (int step = 0; step < MAX_STEPS && !done; step++) {
            if (step == changeAtStep) {
                desired = new DesiredTopology(newMasters, newReplicas);
            }
            model.reconcileStatefulSets(desired);
            Plan plan = planner.plan(desired, model.observe());
            done = plan.isDone() && step >= changeAtStep;
            List<Action> actions = plan.actions();
            actions.subList(0, actions.isEmpty() ? 0 : 1 + random.nextInt(actions.size())).forEach(model::apply);
            if (step < changeAtStep && random.nextDouble() < 0.05) {
                model.randomFailover();
            }
            model.tick();
        }
        assertThat(done).as("converged within %d steps", MAX_STEPS).isTrue();
        assertConverged(model, desired);
    }

    static void assertConverged(ClusterModel model, DesiredTopology desired) {
        assertThat(model.covered()).isEqualTo(SlotSet.all());
        assertThat(model.nodes()).hasSize(desired.masters() * (desired.replicasPerMaster() + 1));
        int fair = SlotSet.SLOTS / desired.masters();
        for (int shard = 0; shard < desired.masters(); shard++) {
            int s = shard;
            List<ClusterModel.Node> shardNodes = model.nodes().values().stream().filter(n -> n.pod.shard() == s).toList();
            List<ClusterModel.Node> masters = shardNodes.stream().filter(n -> n.master).toList();
            assertThat(masters).hasSize(1);
            ClusterModel.Node master = masters.get(0);
            assertThat(master.slots.size()).isBetween(fair, fair + 1);
            assertThat(shardNodes).filteredOn(n -> !n.master).allMatch(n -> master.id.equals(n.masterId));
        }
        for (ClusterModel.Node n : model.nodes().values()) {
            assertThat(n.known).containsExactlyInAnyOrderElementsOf(model.nodes().keySet());
            assertThat(n.migrating).isEmpty();
            assertThat(n.importing).isEmpty();
        }
        assertThat(model.statefulSets().keySet()).hasSize(desired.masters());
    }
}
