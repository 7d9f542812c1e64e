package dev.keyslot.datanode.keyspace;

/**
 * What the keyspace tells the rest of the server: WATCH invalidation, blocked clients waiting for a key,
 * keyspace notifications and statistics. Implementations must be cheap; they run on every write.
 */
public interface KeyspaceEvents {
    KeyspaceEvents NONE = new KeyspaceEvents() {
    };

    /** A key's value was written, deleted, expired or evicted (Redis's signalModifiedKey). */
    default void keyModified(Database db, byte[] key) {
    }

    /** A key was removed because its TTL passed. */
    default void keyExpired(Database db, byte[] key) {
    }

    /** A key was removed to free memory. */
    default void keyEvicted(Database db, byte[] key) {
    }

    /** The whole database was emptied or swapped. */
    default void databaseCleared(Database db) {
    }

    /** SWAPDB exchanged the contents of two databases: WATCHed keys and blocked clients of both must react. */
    default void databasesSwapped(Database a, Database b) {
    }
}
