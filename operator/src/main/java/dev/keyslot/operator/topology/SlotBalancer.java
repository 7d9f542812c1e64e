package dev.keyslot.operator.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Even slot distribution with the fewest moves: each of N primaries ends with 16384/N slots, the remainder going to
 * the primaries that already hold the most, so nothing moves that need not. Surplus slots are dealt to the
 * targets in contiguous chunks, each target receiving exactly its deficit.
 */
final class SlotBalancer {
    /** A batch of slots going from one owner (null: nobody, the slots are unassigned) to one primary. */
    record Transfer(String sourceId, String targetId, SlotSet slots) {
    }

    private SlotBalancer() {
    }

    /**
     * @param primaries the masters that should own slots, in shard order, with their current slots
     * @return the number of slots each primary should own
     */
    static Map<String, Integer> targets(Map<String, SlotSet> primaries) {
        int base = SlotSet.SLOTS / primaries.size();
        int extra = SlotSet.SLOTS % primaries.size();
        List<String> order = new ArrayList<>(primaries.keySet());
        // Stable sort: among equal counts the earlier shard gets the extra slot.
        order.sort(Comparator.comparingInt((String id) -> primaries.get(id).size()).reversed());
        Map<String, Integer> targets = new LinkedHashMap<>();
        primaries.keySet().forEach(id -> targets.put(id, base + (order.indexOf(id) < extra ? 1 : 0)));
        return targets;
    }

    /**
     * @param primaries  the masters that should own slots, in shard order, with their current slots
     * @param others     masters that should own nothing (removed shards, extra masters), with their slots
     * @param unassigned slots nobody owns
     */
    static List<Transfer> transfers(Map<String, SlotSet> primaries, Map<String, SlotSet> others, SlotSet unassigned) {
        Map<String, Integer> targets = targets(primaries);
        Map<String, SlotSet> surplus = new LinkedHashMap<>();
        if (!unassigned.isEmpty()) {
            surplus.put(null, unassigned);
        }
        others.forEach((id, slots) -> {
            if (!slots.isEmpty()) {
                surplus.put(id, slots);
            }
        });
        primaries.forEach((id, slots) -> {
            int extra = slots.size() - targets.get(id);
            if (extra > 0) {
                surplus.put(id, slots.highest(extra));
            }
        });
        List<String> receivers = new ArrayList<>();
        List<Integer> deficits = new ArrayList<>();
        primaries.forEach((id, slots) -> {
            int missing = targets.get(id) - slots.size();
            if (missing > 0) {
                receivers.add(id);
                deficits.add(missing);
            }
        });
        return deal(surplus, receivers, deficits);
    }

    private static List<Transfer> deal(Map<String, SlotSet> surplus, List<String> receivers, List<Integer> deficits) {
        List<Transfer> transfers = new ArrayList<>();
        int receiver = 0;
        for (Map.Entry<String, SlotSet> source : surplus.entrySet()) {
            SlotSet left = source.getValue();
            while (!left.isEmpty() && receiver < receivers.size()) {
                int room = deficits.get(receiver);
                SlotSet chunk = left.lowest(room);
                transfers.add(new Transfer(source.getKey(), receivers.get(receiver), chunk));
                left = left.minus(chunk);
                deficits.set(receiver, room - chunk.size());
                if (deficits.get(receiver) == 0) {
                    receiver++;
                }
            }
        }
        return transfers;
    }
}
