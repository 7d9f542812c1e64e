package dev.keyslot.datanode.keyspace;

/** Field access on a hash value, for SORT's {@code BY} and {@code GET} patterns with {@code ->field}. */
public interface HashFields {
    /** The field's value, or null when the hash has no such field. */
    byte[] fieldValue(byte[] field);
}
