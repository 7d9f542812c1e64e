package dev.keyslot.datanode.pubsub;

import dev.keyslot.datanode.cluster.KeySlot;
import dev.keyslot.datanode.util.ByteKey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shard channels with subscribers, by hash slot (Redis's slots_to_channels): when a node stops serving a
 * slot, its subscribers there are told at once, without walking every channel for each slot lost.
 */
final class ShardChannelSlots {
    /** Allocated with the first shard channel: most servers never see one. */
    private Set<ByteKey>[] bySlot;

    @SuppressWarnings("unchecked")
    void added(ByteKey channel) {
        if (bySlot == null) {
            bySlot = new Set[KeySlot.SLOTS];
        }
        int slot = KeySlot.of(channel.bytes());
        if (bySlot[slot] == null) {
            bySlot[slot] = new HashSet<>();
        }
        bySlot[slot].add(channel);
    }

    void removed(ByteKey channel) {
        int slot = KeySlot.of(channel.bytes());
        Set<ByteKey> channels = bySlot[slot];
        channels.remove(channel);
        if (channels.isEmpty()) {
            bySlot[slot] = null;
        }
    }

    /** The slot's channels in byte order, the order Redis's radix tree gives them. */
    List<ByteKey> in(int slot) {
        Set<ByteKey> channels = bySlot == null ? null : bySlot[slot];
        if (channels == null) {
            return List.of();
        }
        List<ByteKey> sorted = new ArrayList<>(channels);
        sorted.sort((a, b) -> Arrays.compareUnsigned(a.bytes(), b.bytes()));
        return sorted;
    }
}
