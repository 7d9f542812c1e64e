package dev.keyslot.datanode.keyspace;

import java.util.function.Consumer;

/**
 * One numbered database: the main dict of keys plus an index of the keys that have a TTL (so active expiry
 * samples only volatile keys). Expired keys are removed lazily on access and by {@link ActiveExpiry}.
 */
public final class Database {
    private final int id;
    private Dict<KeyEntry> keys = new Dict<>();
    /** The same entries as {@link #keys}, restricted to those with a TTL. */
    private Dict<KeyEntry> volatileKeys = new Dict<>();
    private final Clock clock;
    private KeyspaceEvents events;
    /** Replicas keep logically expired keys (the master sends DELs) but must not show them. */
    private boolean expireOnAccess = true;
    private long avgTtlMillis;

    public Database(int id, Clock clock, KeyspaceEvents events) {
        this.id = id;
        this.clock = clock;
        this.events = events;
    }

    public int id() {
        return id;
    }

    public void setEvents(KeyspaceEvents events) {
        this.events = events;
    }

    public void setExpireOnAccess(boolean expireOnAccess) {
        this.expireOnAccess = expireOnAccess;
    }

    public int size() {
        return keys.size();
    }

    public int volatileCount() {
        return volatileKeys.size();
    }

    public long avgTtlMillis() {
        return avgTtlMillis;
    }

    void setAvgTtlMillis(long avgTtlMillis) {
        this.avgTtlMillis = avgTtlMillis;
    }

    public Dict<KeyEntry> dict() {
        return keys;
    }

    Dict<KeyEntry> volatileDict() {
        return volatileKeys;
    }

    /** The live entry for key, expiring it first if its time has passed. Does not touch LRU. */
    public KeyEntry lookup(byte[] key) {
        KeyEntry e = keys.get(key);
        if (e != null && e.expireAt != KeyEntry.NO_EXPIRY && e.expireAt <= clock.millis()) {
            if (expireOnAccess) {
                expire(e);
            }
            return null;
        }
        return e;
    }

    /** The entry even when logically expired: for code that must see what is physically stored. */
    public KeyEntry lookupRaw(byte[] key) {
        return keys.get(key);
    }

    public Object get(byte[] key) {
        KeyEntry e = lookup(key);
        return e == null ? null : e.value;
    }

    /**
     * Sets key to value. When keepTtl is false any TTL is cleared (SET semantics); returns the entry.
     */
    public KeyEntry set(byte[] key, Object value, boolean keepTtl) {
        KeyEntry e = keys.get(key);
        if (e == null) {
            e = new KeyEntry(key, value);
            keys.add(e);
        } else {
            e.value = value;
            e.rawString = false;
            if (!keepTtl && e.hasExpiry()) {
                volatileKeys.remove(key);
                e.expireAt = KeyEntry.NO_EXPIRY;
            }
        }
        events.keyModified(this, key);
        return e;
    }

    /** Adds a key that must not exist (after a lookup returned null). */
    public KeyEntry add(byte[] key, Object value) {
        KeyEntry stale = keys.get(key);
        if (stale != null) {
            // Logically expired but still stored (replica, or expiry suppressed): replace it.
            removeEntry(stale);
        }
        KeyEntry e = new KeyEntry(key, value);
        keys.add(e);
        events.keyModified(this, key);
        return e;
    }

    public boolean delete(byte[] key) {
        KeyEntry e = lookup(key);
        if (e == null) {
            return false;
        }
        removeEntry(e);
        events.keyModified(this, key);
        return true;
    }

    /** Removes the entry without notifying, e.g. when the caller moves it elsewhere. */
    public void removeEntry(KeyEntry e) {
        keys.remove(e.key);
        if (e.hasExpiry()) {
            volatileKeys.remove(e.key);
        }
    }

    /** Re-inserts an entry object as is (MOVE, SWAPDB, RENAME keep metadata). */
    public void insertEntry(KeyEntry e) {
        keys.add(e);
        if (e.hasExpiry()) {
            volatileKeys.add(volatileShadow(e));
        }
        events.keyModified(this, e.key);
    }

    public void setExpiry(KeyEntry e, long when) {
        if (!e.hasExpiry()) {
            e.expireAt = when;
            volatileKeys.add(volatileShadow(e));
        } else {
            e.expireAt = when;
        }
    }

    public boolean persist(KeyEntry e) {
        if (!e.hasExpiry()) {
            return false;
        }
        e.expireAt = KeyEntry.NO_EXPIRY;
        volatileKeys.remove(e.key);
        return true;
    }

    /** Volatile index entries point at the real entry through value, so the keyspace entry has one home. */
    private static KeyEntry volatileShadow(KeyEntry e) {
        return new KeyEntry(e.key, e);
    }

    /** Deletes a key whose TTL has passed and reports it. */
    public void expire(KeyEntry e) {
        removeEntry(e);
        events.keyExpired(this, e.key);
        events.keyModified(this, e.key);
    }

    public boolean isExpired(KeyEntry e) {
        return e.expireAt != KeyEntry.NO_EXPIRY && e.expireAt <= clock.millis();
    }

    public long now() {
        return clock.millis();
    }

    public void clear() {
        keys.clear();
        volatileKeys.clear();
        avgTtlMillis = 0;
        events.databaseCleared(this);
    }

    /** Swaps the contents of two databases (SWAPDB) and reports it. */
    public void swapWith(Database other) {
        Dict<KeyEntry> k = keys;
        keys = other.keys;
        other.keys = k;
        Dict<KeyEntry> v = volatileKeys;
        volatileKeys = other.volatileKeys;
        other.volatileKeys = v;
        long t = avgTtlMillis;
        avgTtlMillis = other.avgTtlMillis;
        other.avgTtlMillis = t;
        events.databasesSwapped(this, other);
    }

    public KeyEntry randomLiveEntry() {
        // Bounded: with every key expired-but-stored (replica) Redis also gives up and returns one.
        for (int tries = 0; tries < 100; tries++) {
            KeyEntry e = keys.randomEntry();
            if (e == null) {
                return null;
            }
            if (!isExpired(e)) {
                return e;
            }
            if (expireOnAccess) {
                expire(e);
            } else if (tries == 99) {
                return e;
            }
        }
        return keys.randomEntry();
    }

    public long scan(long cursor, Consumer<KeyEntry> visitor) {
        return keys.scan(cursor, visitor);
    }

    /** The real entry behind a volatile-index sample. */
    static KeyEntry realEntry(KeyEntry shadow) {
        return (KeyEntry) shadow.value;
    }
}
