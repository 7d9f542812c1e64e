package dev.keyslot.operator.topology;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From random failures (pods replaced with empty volumes, whole shards lost, failovers, template changes,
 * interrupted migrations) while only a random prefix of each plan runs, as an operator killed midway leaves
 * it, the planner still converges to the desired topology with every slot covered. The model asserts the
 * safety rules on every action (covered slots stay covered except a lost node's, masters hand over before a
 * restart, only pod-less nodes without replicas are declared lost).
 */
class PlannerRecoveryPropertyTest {
    private static final int MAX_STEPS = 500;
    private static final int DISRUPTED_STEPS = 30;

    private final Planner planner = new Planner();

    @Property(tries = 120)
    void convergesAfterRandomFailuresAndTemplateChanges(@ForAll @IntRange(min = 1, max = 4) int masters,
                                                        @ForAll @IntRange(min = 0, max = 2) int replicas,
                                                        @ForAll long seed) {
        Random random = new Random(seed);
        ClusterModel model = new ClusterModel(random, 0.2);
        DesiredTopology desired = new DesiredTopology(masters, replicas);
        boolean done = false;
        for (int step = 0; step < MAX_STEPS && !done; step++) {
            model.reconcileStatefulSets(desired);
            Plan plan = planner.plan(desired, model.observe());
            done = plan.isDone() && step >= DISRUPTED_STEPS;
            List<Action> actions = plan.actions();
            actions.subList(0, actions.isEmpty() ? 0 : 1 + random.nextInt(actions.size())).forEach(model::apply);
            if (step < DISRUPTED_STEPS) {
                disrupt(model, random);
            }
            model.tick();
        }
        assertThat(done).as("converged within %d steps", MAX_STEPS).isTrue();
        PlannerPropertyTest.assertConverged(model, desired);
    }

    private static void disrupt(ClusterModel model, Random random) {
        double roll = random.nextDouble();
        List<ClusterModel.Node> nodes = new ArrayList<>(model.nodes().values());
        if (nodes.isEmpty()) {
            return;
        }
        ClusterModel.Node victim = nodes.get(random.nextInt(nodes.size()));
        if (roll < 0.04) {
            model.replacePods(n -> n == victim);
        } else if (roll < 0.06) {
            model.replacePods(n -> n.pod.shard() == victim.pod.shard());
        } else if (roll < 0.10) {
            model.changeTemplate();
        } else if (roll < 0.13) {
            model.randomFailover();
        }
    }
}
