package dev.keyslot.datanode.keyspace.zset;

/** A snapshot of one entry of a {@link PackedZSet}: its rank and where it starts, its member and score. */
final class PackedEntry implements ZSetEntry {
    private final PackedZSet set;
    final int index;
    final int offset;
    private final byte[] member;
    private final double score;
    /** Every entry's offset, computed on the first step backwards and handed along the walk. */
    private int[] offsets;

    PackedEntry(PackedZSet set, int index, int offset, byte[] member, double score, int[] offsets) {
        this.set = set;
        this.index = index;
        this.offset = offset;
        this.member = member;
        this.score = score;
        this.offsets = offsets;
    }

    @Override
    public byte[] member() {
        return member;
    }

    @Override
    public double score() {
        return score;
    }

    @Override
    public ZSetEntry next() {
        return index + 1 < set.size() ? set.entry(index + 1, set.next(offset), offsets) : null;
    }

    @Override
    public ZSetEntry previous() {
        if (index == 0) {
            return null;
        }
        if (offsets == null) {
            offsets = set.offsets();
        }
        return set.entry(index - 1, offsets[index - 1], offsets);
    }
}
