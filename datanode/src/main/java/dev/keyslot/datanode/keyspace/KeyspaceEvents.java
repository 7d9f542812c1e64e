package dev.keyslot.datanode.keyspace;

/**
 * What the keyspace tells the rest of the server: WATCH invalidation, blocked clients waiting for a key,
 * keyspace notifications, client-side caching and statistics. Implementations must be cheap; they run on
 * every write. Several listeners are combined with {@link CompositeKeyspaceEvents}.
 */
public interface KeyspaceEvents {
    KeyspaceEvents NONE = new KeyspaceEvents() {
    };

    /** A key's value was written, deleted, expired or evicted (Redis's signalModifiedKey). */
    default void keyModified(Database db, byte[] key) {
    }

    /** A key that did not exist was created (the "new" keyspace event); keyModified follows. */
    default void keyAdded(Database db, byte[] key) {
    }

    /** A read found no live key (the "keymiss" keyspace event). */
    default void keyMissed(Database db, byte[] key) {
    }

    /** A command gave an existing key a TTL or changed it (not told for TTLs read from a snapshot). */
    default void expirySet(Database db, byte[] key) {
    }

    /** A key was removed because its TTL passed. */
    default void keyExpired(Database db, byte[] key) {
    }

    /** The value of a key removed because its TTL passed, now to be freed. */
    default void expiredValueReleased(Object value) {
    }

    /** The value a write replaced with a new one (Redis's dbOverwrite), now to be freed. */
    default void overwrittenValueReleased(Object value) {
    }

    /** A key was removed to free memory. */
    default void keyEvicted(Database db, byte[] key) {
    }

    /** The whole database is about to be emptied; its keys are still readable. */
    default void databaseCleared(Database db) {
    }

    /** db is about to take the contents of replacedWith (SWAPDB); both are still unchanged. */
    default void databaseSwapped(Database db, Database replacedWith) {
    }

    /** A FLUSHDB or FLUSHALL finished: told once, after databaseCleared for each emptied database. */
    default void flushed() {
    }
}
