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
}
