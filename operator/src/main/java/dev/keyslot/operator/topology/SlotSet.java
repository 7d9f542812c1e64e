package dev.keyslot.operator.topology;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

/** An immutable set of cluster hash slots (0..16383). */
public final class SlotSet {
    public static final int SLOTS = 16384;
    public static final SlotSet EMPTY = new SlotSet(new BitSet());

    private final BitSet bits;

    private SlotSet(BitSet bits) {
        this.bits = bits;
    }

    public static SlotSet of(int... slots) {
        BitSet bits = new BitSet(SLOTS);
        for (int slot : slots) {
            bits.set(check(slot));
        }
        return new SlotSet(bits);
    }

    /** Slots {@code from} to {@code to}, both inclusive. */
    public static SlotSet range(int from, int to) {
        BitSet bits = new BitSet(SLOTS);
        bits.set(check(from), check(to) + 1);
        return new SlotSet(bits);
    }

    public static SlotSet all() {
        return range(0, SLOTS - 1);
    }

    /** Parses "0-5460,5461,6000-6100" (the {@link #toString()} form); empty text is the empty set. */
    public static SlotSet parse(String text) {
        BitSet bits = new BitSet(SLOTS);
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
            bits.set(check(from), check(to) + 1);
        }
        return new SlotSet(bits);
    }

    private static int check(int slot) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("slot out of range: " + slot);
        }
        return slot;
    }

    public boolean contains(int slot) {
        return bits.get(slot);
    }

    public int size() {
        return bits.cardinality();
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public IntStream stream() {
        return bits.stream();
    }

    public SlotSet union(SlotSet other) {
        BitSet copy = (BitSet) bits.clone();
        copy.or(other.bits);
        return new SlotSet(copy);
    }

    public SlotSet minus(SlotSet other) {
        BitSet copy = (BitSet) bits.clone();
        copy.andNot(other.bits);
        return new SlotSet(copy);
    }

    public SlotSet intersect(SlotSet other) {
        BitSet copy = (BitSet) bits.clone();
        copy.and(other.bits);
        return new SlotSet(copy);
    }

    /** The {@code count} highest slots of this set. */
    public SlotSet highest(int count) {
        BitSet picked = new BitSet(SLOTS);
        int slot = bits.length() - 1;
        for (int taken = 0; taken < count && slot >= 0; taken++) {
            slot = bits.previousSetBit(slot);
            if (slot < 0) {
                break;
            }
            picked.set(slot);
            slot--;
        }
        return new SlotSet(picked);
    }

    /** The {@code count} lowest slots of this set. */
    public SlotSet lowest(int count) {
        BitSet picked = new BitSet(SLOTS);
        int slot = bits.nextSetBit(0);
        for (int taken = 0; taken < count && slot >= 0; taken++) {
            picked.set(slot);
            slot = bits.nextSetBit(slot + 1);
        }
        return new SlotSet(picked);
    }

    /** Contiguous runs as {from, to} pairs, ascending. */
    public List<int[]> ranges() {
        List<int[]> ranges = new ArrayList<>();
        int from = bits.nextSetBit(0);
        while (from >= 0) {
            int to = bits.nextClearBit(from) - 1;
            ranges.add(new int[] {from, to});
            from = bits.nextSetBit(to + 1);
        }
        return ranges;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlotSet other && bits.equals(other.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int[] range : ranges()) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(range[0]);
            if (range[1] != range[0]) {
                text.append('-').append(range[1]);
            }
        }
        return text.toString();
    }
}
