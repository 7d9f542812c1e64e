package dev.keyslot.datanode.keyspace.zset;

import dev.keyslot.datanode.keyspace.Dict;

import java.util.Arrays;

/**
 * One member of a sorted set: at the same time the member's dict entry (key = member) and its skip list
 * node, so a member lookup lands directly on the node.
 */
public final class ZSetNode extends Dict.Entry implements ZSetEntry {
    double score;
    ZSetNode backward;
    ZSetNode[] forward;
    /** span[i]: how many level-0 steps forward[i] skips, which makes ranks O(log n). */
    int[] span;

    ZSetNode(byte[] member, double score, int level) {
        super(member, null);
        this.score = score;
        this.forward = new ZSetNode[level];
        this.span = new int[level];
    }

    @Override
    public byte[] member() {
        return key;
    }

    @Override
    public double score() {
        return score;
    }

    @Override
    public ZSetNode next() {
        return forward[0];
    }

    @Override
    public ZSetNode previous() {
        return backward;
    }

    int level() {
        return forward.length;
    }

    /** Makes room for more levels (the skip list's header grows with the tallest node instead of starting at 32). */
    void growLevels(int levels) {
        forward = Arrays.copyOf(forward, levels);
        span = Arrays.copyOf(span, levels);
    }
}
