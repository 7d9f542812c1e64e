package dev.keyslot.datanode.keyspace;

/** A value of a collection type stored in the keyspace. Strings are plain {@code byte[]} instead. */
public interface RedisValue {
    ValueType type();

    /** The name OBJECT ENCODING reports, chosen at the same thresholds as Redis. */
    String encoding();

    /**
     * Approximate heap bytes, for MEMORY USAGE and used_memory accounting. Called after every write to the
     * key, so it must be O(1): keep a running estimate rather than walking the elements.
     */
    long memoryUsage();

    /** A deep copy, for COPY. */
    RedisValue copy();
}
