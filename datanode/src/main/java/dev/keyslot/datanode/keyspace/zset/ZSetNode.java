package dev.keyslot.datanode.keyspace.zset;

import dev.keyslot.datanode.keyspace.Dict;

/**
 * One member of a sorted set: at the same time the member's dict entry (key = member) and its skip list
 * node, so a member lookup lands directly on the node.
 */
public final class ZSetNode extends Dict.Entry {
    double score;
    ZSetNode backward;
    final ZSetNode[] forward;
    /** span[i]: how many level-0 steps forward[i] skips, which makes ranks O(log n). */
    final int[] span;

    ZSetNode(byte[] member, double score, int level) {
        super(member, null);
        this.score = score;
        this.forward = new ZSetNode[level];
        this.span = new int[level];
    }

    public byte[] member() {
        return key;
    }

    public double score() {
        return score;
    }

    /** The next node in ascending order, or null. */
    public ZSetNode next() {
        return forward[0];
    }

    /** The previous node in ascending order, or null. */
    public ZSetNode previous() {
        return backward;
    }

    int level() {
        return forward.length;
    }
}
