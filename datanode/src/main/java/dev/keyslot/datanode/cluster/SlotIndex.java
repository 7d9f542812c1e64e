package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.KeyIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The keys of database 0 by hash slot (Redis's slots_to_keys): O(1) add and remove (swap with the last
 * entry of the slot), so CLUSTER COUNTKEYSINSLOT and GETKEYSINSLOT, which slot migration calls for every
 * slot, do not walk the whole keyspace.
 */
public final class SlotIndex implements KeyIndex {
    private static final KeyEntry[] EMPTY = new KeyEntry[0];
    private KeyEntry[][] bySlot = new KeyEntry[KeySlot.SLOTS][];
    private int[] counts = new int[KeySlot.SLOTS];

    public SlotIndex() {
        Arrays.fill(bySlot, EMPTY);
    }

    @Override
    public void added(KeyEntry e) {
        int slot = KeySlot.of(e.key);
        KeyEntry[] entries = bySlot[slot];
        int n = counts[slot];
        if (n == entries.length) {
            entries = Arrays.copyOf(entries, Math.max(4, n * 2));
            bySlot[slot] = entries;
        }
        entries[n] = e;
        e.indexPosition = n;
        counts[slot] = n + 1;
    }

    @Override
    public void removed(KeyEntry e) {
        int slot = KeySlot.of(e.key);
        KeyEntry[] entries = bySlot[slot];
        int last = counts[slot] - 1;
        int pos = e.indexPosition;
        if (pos > last || entries[pos] != e) {
            return;
        }
        KeyEntry moved = entries[last];
        entries[pos] = moved;
        moved.indexPosition = pos;
        entries[last] = null;
        counts[slot] = last;
        if (last == 0) {
            bySlot[slot] = EMPTY;
        } else if (last < entries.length / 4 && entries.length > 16) {
            bySlot[slot] = Arrays.copyOf(entries, entries.length / 2);
        }
    }

    @Override
    public void cleared() {
        Arrays.fill(bySlot, EMPTY);
        Arrays.fill(counts, 0);
    }

    @Override
    public KeyIndex emptyLike() {
        return new SlotIndex();
    }

    @Override
    public void swapWith(KeyIndex other) {
        SlotIndex o = (SlotIndex) other;
        KeyEntry[][] entries = bySlot;
        bySlot = o.bySlot;
        o.bySlot = entries;
        int[] n = counts;
        counts = o.counts;
        o.counts = n;
    }

    public int count(int slot) {
        return counts[slot];
    }

    /** Up to max keys of the slot, newest first as Redis lists them (until deletions reorder them). */
    public List<byte[]> keys(int slot, int max) {
        int total = counts[slot];
        int n = Math.min(max, total);
        List<byte[]> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(bySlot[slot][total - 1 - i].key);
        }
        return keys;
    }
}
