package dev.keyslot.datanode.keyspace;

/**
 * A secondary index of a database's keys, told of every key stored and removed (cluster mode keeps keys
 * by hash slot this way). Called on the hot path: implementations must be O(1).
 */
public interface KeyIndex {
    void added(KeyEntry e);

    void removed(KeyEntry e);

    /** The database was emptied or swapped away. */
    void cleared();

    /** An empty index of the same kind, for a database loaded aside to be swapped in (a replica's swapdb load). */
    KeyIndex emptyLike();

    /** Exchanges contents with other, of the same kind, as their databases swap contents. */
    void swapWith(KeyIndex other);
}
