package dev.keyslot.operator.topology;

import java.util.List;

/**
 * The next actions. They are independent of each other, so any prefix of them may be executed before
 * observing again. An empty plan means the cluster matches the desired topology.
 */
public record Plan(List<Action> actions) {
    public static final Plan DONE = new Plan(List.of());

    public static Plan waitFor(String reason) {
        return new Plan(List.of(new Action.Wait(reason)));
    }

    public boolean isDone() {
        return actions.isEmpty();
    }

    public boolean isWait() {
        return actions.size() == 1 && actions.get(0) instanceof Action.Wait;
    }
}
