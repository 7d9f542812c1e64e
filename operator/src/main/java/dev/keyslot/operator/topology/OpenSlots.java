package dev.keyslot.operator.topology;

import dev.keyslot.operator.topology.Action.FixOpenSlots;
import dev.keyslot.operator.topology.Action.MigrateSlots;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Slots left MIGRATING or IMPORTING by an interrupted migration, all fixed by one action. They are finished forward
 * (the keys already moved stay moved) when the target is still running; otherwise the slot is closed where it is.
 * A slot the target already owns, because the operator stopped between SETSLOT NODE on the target and on the
 * source, only needs the source (and the other masters) told; moving it again would fail, since a node refuses to
 * import a slot it owns.
 */
final class OpenSlots {
    private OpenSlots() {
    }

    static Optional<FixOpenSlots> fix(List<NodeObservation> nodes, Map<String, NodeObservation> byId) {
        Map<Integer, String> targets = new TreeMap<>();
        for (NodeObservation n : nodes) {
            n.migrating().forEach(targets::putIfAbsent);
            n.importing().forEach((slot, source) -> targets.putIfAbsent(slot, n.id()));
        }
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        Map<Pair, SlotSet> resume = new LinkedHashMap<>();
        Map<Pair, SlotSet> conclude = new LinkedHashMap<>();
        Map<String, SlotSet> close = new LinkedHashMap<>();
        targets.forEach((slot, targetId) -> {
            NodeObservation target = byId.get(targetId);
            boolean targetRuns = target != null && target.self().master();
            String owner = targetRuns && target.self().slots().contains(slot) ? targetId : owner(nodes, slot);
            String source = migratingTo(nodes, slot, targetId);
            if (targetRuns && targetId.equals(owner) && source != null) {
                conclude.merge(new Pair(source, targetId), SlotSet.of(slot), SlotSet::union);
            } else if (targetRuns && owner != null && !owner.equals(targetId)) {
                resume.merge(new Pair(owner, targetId), SlotSet.of(slot), SlotSet::union);
            } else {
                nodes.stream().filter(n -> n.migrating().containsKey(slot) || n.importing().containsKey(slot))
                        .forEach(n -> close.merge(n.id(), SlotSet.of(slot), SlotSet::union));
            }
        });
        return Optional.of(new FixOpenSlots(moves(resume), moves(conclude), close));
    }

    private static List<MigrateSlots> moves(Map<Pair, SlotSet> slotsByPair) {
        List<MigrateSlots> moves = new ArrayList<>();
        slotsByPair.forEach((pair, slots) -> moves.add(new MigrateSlots(pair.sourceId(), pair.targetId(), slots)));
        return moves;
    }

    /** The node that claims the slot for itself; null when none does. */
    private static String owner(List<NodeObservation> nodes, int slot) {
        return nodes.stream().filter(n -> n.self().slots().contains(slot)).map(NodeObservation::id)
                .findFirst().orElse(null);
    }

    /** The node still migrating the slot to the target; null when none is. */
    private static String migratingTo(List<NodeObservation> nodes, int slot, String targetId) {
        return nodes.stream().filter(n -> targetId.equals(n.migrating().get(slot))).map(NodeObservation::id)
                .findFirst().orElse(null);
    }

    private record Pair(String sourceId, String targetId) {
    }
}
