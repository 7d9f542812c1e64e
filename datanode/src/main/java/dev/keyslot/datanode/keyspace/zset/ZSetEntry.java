package dev.keyslot.datanode.keyspace.zset;

/**
 * A member of a sorted set with its score, and the way to its neighbours in (score, member) order. A skip
 * list node is its own entry; a compact set hands out snapshots whose member and score stay readable after
 * the set changes, but whose neighbours are only valid until then.
 */
public interface ZSetEntry {
    byte[] member();

    double score();

    /** The next entry in ascending order, or null. */
    ZSetEntry next();

    /** The previous entry in ascending order, or null. */
    ZSetEntry previous();
}
