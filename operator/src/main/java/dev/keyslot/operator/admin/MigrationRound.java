package dev.keyslot.operator.admin;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Picks the slots whose listed keys go in one pipelined round of MIGRATEs. */
final class MigrationRound {
    private MigrationRound() {
    }

    /**
     * Removes from {@code left} and returns its first slots, in order, up to {@code maxKeys} keys in all; always at
     * least the first slot, however many keys it lists.
     */
    static Map<Integer, List<byte[]>> take(Map<Integer, List<byte[]>> left, int maxKeys) {
        Map<Integer, List<byte[]>> round = new LinkedHashMap<>();
        int keys = 0;
        Iterator<Map.Entry<Integer, List<byte[]>>> slots = left.entrySet().iterator();
        while (slots.hasNext()) {
            Map.Entry<Integer, List<byte[]>> slot = slots.next();
            if (!round.isEmpty() && keys + slot.getValue().size() > maxKeys) {
                break;
            }
            round.put(slot.getKey(), slot.getValue());
            keys += slot.getValue().size();
            slots.remove();
        }
        return round;
    }

    static long keyCount(Map<Integer, List<byte[]>> round) {
        return round.values().stream().mapToLong(List::size).sum();
    }
}
