package dev.keyslot.operator.topology;

import dev.keyslot.operator.topology.Action.FixOpenSlot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Slots left MIGRATING or IMPORTING by an interrupted migration. They are finished forward (the keys already
 * moved stay moved) when the target is still running; otherwise the slot is closed where it is.
 */
final class OpenSlots {
    private OpenSlots() {
    }

    static List<Action> fixes(List<NodeObservation> nodes, Map<String, NodeObservation> byId) {
        Map<Integer, String> targets = new TreeMap<>();
        for (NodeObservation n : nodes) {
            n.migrating().forEach(targets::putIfAbsent);
            n.importing().forEach((slot, source) -> targets.putIfAbsent(slot, n.id()));
        }
        List<Action> fixes = new ArrayList<>();
        targets.forEach((slot, targetId) -> {
            String owner = owner(nodes, slot);
            boolean targetRuns = byId.containsKey(targetId) && byId.get(targetId).self().master();
            boolean moveOn = targetRuns && owner != null && !owner.equals(targetId);
            fixes.add(new FixOpenSlot(slot, owner, moveOn ? targetId : null));
        });
        return fixes;
    }

    /** The node that claims the slot for itself; null when none does. */
    private static String owner(List<NodeObservation> nodes, int slot) {
        return nodes.stream().filter(n -> n.self().slots().contains(slot)).map(NodeObservation::id)
                .findFirst().orElse(null);
    }
}
