package dev.keyslot.datanode.keyspace;

import java.util.function.Consumer;

/**
 * One numbered database: the main dict of keys plus an index of the keys that have a TTL (so active expiry
 * samples only volatile keys). Expired keys are removed lazily on access and by {@link ActiveExpiry}.
 */
public final class Database {
    private final int id;
    private Dict<KeyEntry> keys = new Dict<>();
    /** The keys of {@link #keys} that have a TTL, as small entries whose value is the keyspace entry. */
    private Dict<Dict.Entry> volatileKeys = new Dict<>();
    /** Scratch for sampling {@link #volatileKeys} on behalf of eviction. */
    private Dict.Entry[] shadowSamples = new Dict.Entry[0];
    private final Clock clock;
    private final AccessTracker access;
    private KeyspaceEvents events;
    /** Replicas keep logically expired keys (the master sends DELs) but must not show them. */
    private boolean expireOnAccess = true;
    /** A client pause holds deletions of expired keys back ({@link Keyspace#setFrozen}). */
    private boolean expiryHeld;
    /** While the AOF or an RDB is loaded, TTLs are stored but nothing expires (Redis's keyIsExpired when loading). */
    private boolean loading;
    private boolean showExpired;
    private long avgTtlMillis;
    /** Sum of the entries' {@link KeyEntry#accountedBytes()}: this database's share of used_memory. */
    private long datasetBytes;
    private KeyIndex index;
    private final CopyOnWrite copyOnWrite;

    public Database(int id, Clock clock, AccessTracker access, KeyspaceEvents events, CopyOnWrite copyOnWrite) {
        this.id = id;
        this.clock = clock;
        this.access = access;
        this.events = events;
        this.copyOnWrite = copyOnWrite;
    }

    /** Attaches a secondary index; the database must be empty. */
    public void setIndex(KeyIndex index) {
        this.index = index;
    }

    /** Gives this empty database an empty index of the kind live has, so that the two can swap contents. */
    public void indexLike(Database live) {
        if (live.index != null) {
            index = live.index.emptyLike();
        }
    }

    public AccessTracker access() {
        return access;
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

    void setExpiryHeld(boolean held) {
        this.expiryHeld = held;
    }

    /** Whether an access that finds a key expired deletes it: not on a replica, nor while clients are paused. */
    private boolean deletesExpiredOnAccess() {
        return expireOnAccess && !expiryHeld;
    }

    public void setLoading(boolean loading) {
        this.loading = loading;
    }

    /**
     * True when a command setting this absolute expiry time deletes the key at once instead; never while
     * loading, so a replayed command that set a TTL which has passed since leaves the key for later commands.
     */
    public boolean expiresImmediately(long when) {
        return when <= clock.millis() && !loading;
    }

    /**
     * While a replica applies its master's stream, logically expired keys are still there for it (Redis's
     * expireIfNeeded for the master client): the master decides, and sends DEL when it expires them.
     */
    public void setShowExpired(boolean showExpired) {
        this.showExpired = showExpired;
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

    public Dict<Dict.Entry> volatileDict() {
        return volatileKeys;
    }

    /**
     * The live entry for key, expiring it first if its time has passed. Does not record an access: commands
     * do that through {@link dev.keyslot.datanode.command.TypedLookup}, which knows Redis's NOTOUCH cases.
     */
    public KeyEntry lookup(byte[] key) {
        KeyEntry e = keys.get(key);
        if (e != null && e.expireAt != KeyEntry.NO_EXPIRY && !showExpired && e.expireAt <= clock.millis() && !loading) {
            if (deletesExpiredOnAccess()) {
                expire(e);
            }
            return null;
        }
        if (e != null) {
            // Whoever looks a key up outside a read-only command may change its value in place.
            copyOnWrite.beforeLookupForWrite(e);
        }
        return e;
    }

    /** The entry even when logically expired: for code that must see what is physically stored. */
    public KeyEntry lookupRaw(byte[] key) {
        KeyEntry e = keys.get(key);
        if (e != null) {
            copyOnWrite.beforeLookupForWrite(e);
        }
        return e;
    }

    public Object get(byte[] key) {
        KeyEntry e = lookup(key);
        return e == null ? null : e.value;
    }

    /**
     * Sets key to value. When keepTtl is false any TTL is cleared (SET semantics); returns the entry.
     * Like Redis's setKey this counts as one access of an existing key (LRU age reset, LFU counter bumped),
     * so callers should not also record the access through {@code TypedLookup.write}.
     */
    public KeyEntry set(byte[] key, Object value, boolean keepTtl) {
        KeyEntry e = keys.get(key);
        if (e != null && deletesExpiredOnAccess() && isExpired(e)) {
            // Like Redis's setKey (lookupKeyWrite first): a stale key expires, it does not lend its TTL.
            expire(e);
            e = null;
        }
        if (e == null) {
            e = new KeyEntry(key, value);
            e.lru = access.initial(clock.millis());
            copyOnWrite.born(e);
            keys.add(e);
            if (index != null) {
                index.added(e);
            }
            events.keyAdded(this, key);
        } else {
            replaceValue(e, value);
            if (access.lfu()) {
                // Redis's setKey looks the old value up for writing (one access), then carries its counter over.
                access.touch(e, clock.millis());
            } else {
                e.lru = access.initial(clock.millis());
            }
            if (!keepTtl && e.hasExpiry()) {
                volatileKeys.remove(key);
                e.expireAt = KeyEntry.NO_EXPIRY;
            }
        }
        remeasure(e);
        events.keyModified(this, key);
        return e;
    }

    /**
     * Gives a live entry that a write lookup just returned a new value, keeping its TTL (Redis's dbOverwrite
     * after lookupKeyWrite): no second dictionary lookup, and no second access, since the lookup recorded it
     * (LFU keeps the counter it bumped; LRU restarts the idle time, as Redis's new value object does).
     */
    public void overwrite(KeyEntry e, Object value) {
        replaceValue(e, value);
        if (!access.lfu()) {
            e.lru = access.initial(clock.millis());
        }
        remeasure(e);
        events.keyModified(this, e.key);
    }

    private void replaceValue(KeyEntry e, Object value) {
        copyOnWrite.beforeWrite(e);
        Object old = e.value;
        if (old instanceof byte[] current && value instanceof byte[] replacement && current != replacement
                && current.length == replacement.length) {
            rewriteString(e, current, replacement);
            return;
        }
        e.value = value;
        if (old != value) {
            events.overwrittenValueReleased(old);
        }
        e.clearStringFlags();
    }

    /**
     * A string overwritten by one of the same length is copied into the entry's own array; the first such write
     * gives the entry that array (the new one may still be held by the request, a transaction or a script).
     * Storing each new array instead hands an old entry a young object: under a steady stream of overwrites
     * every young collection then copies all the values written since the last one and scans the cards of their
     * entries, pauses that set the p99 latency of SET-heavy loads (bench/RESULTS.md, 2026-11-28).
     */
    private static void rewriteString(KeyEntry e, byte[] current, byte[] replacement) {
        if (e.ownsString()) {
            System.arraycopy(replacement, 0, current, 0, current.length);
        } else {
            e.value = replacement.clone();
        }
        e.rewroteOwnedString();
    }

    /** Adds a key that must not exist (after a lookup returned null). */
    public KeyEntry add(byte[] key, Object value) {
        KeyEntry e = addUnsignalled(key, value);
        events.keyModified(this, key);
        return e;
    }

    /**
     * add for a command that signals the key modified itself once it has replied (Redis's dbAdd leaves that to
     * its caller): a tracking client redirecting to the writer hears of the key after the writer's reply.
     */
    public KeyEntry addUnsignalled(byte[] key, Object value) {
        KeyEntry stale = keys.get(key);
        if (stale != null) {
            // Logically expired but still stored (replica, or expiry suppressed): replace it.
            removeEntry(stale);
        }
        KeyEntry e = new KeyEntry(key, value);
        e.lru = access.initial(clock.millis());
        copyOnWrite.born(e);
        keys.add(e);
        if (index != null) {
            index.added(e);
        }
        events.keyAdded(this, key);
        remeasure(e);
        return e;
    }

    /**
     * Called before changing a value or expiry in place when the entry did not come from a lookup of this
     * class (a lookup already guards it), so a running snapshot keeps the old state.
     */
    public void beforeWrite(KeyEntry e) {
        copyOnWrite.beforeWrite(e);
    }

    /** Reports a change made to a value in place (SETBIT, SETRANGE, ...), as signalModifiedKey does. */
    public void signalModified(byte[] key) {
        events.keyModified(this, key);
    }

    /** A read command found no live key: reported for the "keymiss" keyspace event. */
    public void reportMiss(byte[] key) {
        events.keyMissed(this, key);
    }

    public boolean delete(byte[] key) {
        return remove(key) != null;
    }

    /** Deletes a live key as {@link #delete} does; returns its entry, or null when there was none. */
    public KeyEntry remove(byte[] key) {
        KeyEntry e = lookup(key);
        if (e == null) {
            return null;
        }
        removeEntry(e);
        events.keyModified(this, key);
        return e;
    }

    /** Removes the entry without notifying, e.g. when the caller moves it elsewhere. */
    public void removeEntry(KeyEntry e) {
        copyOnWrite.beforeRemove(keys, e);
        keys.remove(e.key);
        if (index != null) {
            index.removed(e);
        }
        if (e.hasExpiry()) {
            volatileKeys.remove(e.key);
        }
        datasetBytes += e.account(0);
    }

    /**
     * Inserts an entry object as is (MOVE, RENAME, COPY keep metadata), replacing a logically expired entry
     * still stored under its key.
     */
    public void insertEntry(KeyEntry e) {
        insertEntryUnsignalled(e);
        events.keyModified(this, e.key);
    }

    /**
     * Inserts an entry as {@link #insertEntry} does, leaving its modification to be signalled by the caller:
     * RENAME signals its source before its destination, once both have moved, as Redis does.
     */
    public void insertEntryUnsignalled(KeyEntry e) {
        KeyEntry stale = keys.get(e.key);
        if (stale != null) {
            removeEntry(stale);
        }
        copyOnWrite.born(e);
        keys.add(e);
        if (index != null) {
            index.added(e);
        }
        if (e.hasExpiry()) {
            volatileKeys.add(volatileShadow(e));
        }
        events.keyAdded(this, e.key);
        if (e.hasExpiry()) {
            events.expirySet(this, e.key);
        }
        remeasure(e);
    }

    /**
     * {@link #set} with a new TTL (SET ... EX, SETEX): a key that already had a TTL keeps its entry in the TTL index,
     * which dropping the old TTL and adding the new one would replace with a new (young) entry on every write of a
     * cache with TTLs (bench/RESULTS.md, 2026-11-29).
     */
    public KeyEntry setExpiring(byte[] key, Object value, long when) {
        KeyEntry e = set(key, value, true);
        setExpiry(e, when);
        return e;
    }

    /** A command sets e's TTL to the absolute time when. */
    public void setExpiry(KeyEntry e, long when) {
        setLoadedExpiry(e, when);
        events.expirySet(this, e.key);
    }

    /** Stores a TTL read from a snapshot: nobody set it just now, so no expirySet event. */
    public void setLoadedExpiry(KeyEntry e, long when) {
        copyOnWrite.beforeWrite(e);
        if (!e.hasExpiry()) {
            e.expireAt = when;
            volatileKeys.add(volatileShadow(e));
            remeasure(e);
        } else {
            e.expireAt = when;
        }
    }

    public boolean persist(KeyEntry e) {
        if (!e.hasExpiry()) {
            return false;
        }
        copyOnWrite.beforeWrite(e);
        e.expireAt = KeyEntry.NO_EXPIRY;
        volatileKeys.remove(e.key);
        remeasure(e);
        return true;
    }

    /**
     * Volatile index entries point at the real entry through value, so the keyspace entry has one home; a
     * plain dict entry (32 bytes) is enough for that.
     */
    private static Dict.Entry volatileShadow(KeyEntry e) {
        return new Dict.Entry(e.key, e);
    }

    /**
     * Brings the dataset size up to date after an entry stored in this database changed (a value
     * modified in place, a TTL added); the new size is measured with {@link EntrySize}.
     */
    public void remeasure(KeyEntry e) {
        datasetBytes += e.account(EntrySize.of(e));
    }

    /** Estimated bytes held by this database's entries (not counting its bucket arrays). */
    public long datasetBytes() {
        return datasetBytes;
    }

    /** Bucket slots of the key and TTL index tables, for the dict overhead part of used_memory. */
    public long indexBuckets() {
        return keys.buckets() + volatileKeys.buckets();
    }

    /** Deletes a key to free memory and reports it. */
    public void evict(KeyEntry e) {
        removeEntry(e);
        events.keyEvicted(this, e.key);
        events.keyModified(this, e.key);
    }

    /**
     * Collects up to count stored entries (possibly logically expired) from random positions of all keys
     * or only of the keys with a TTL: the eviction pool's samples.
     */
    public int sample(KeyEntry[] out, int count, boolean volatileOnly) {
        if (!volatileOnly) {
            return keys.sample(out, count);
        }
        if (shadowSamples.length < count) {
            shadowSamples = new Dict.Entry[count];
        }
        int n = volatileKeys.sample(shadowSamples, count);
        for (int i = 0; i < n; i++) {
            out[i] = realEntry(shadowSamples[i]);
            shadowSamples[i] = null;
        }
        return n;
    }

    /** A random stored entry of all keys or of the keys with a TTL; null when there is none. */
    public KeyEntry randomEntry(boolean volatileOnly) {
        if (!volatileOnly) {
            return keys.randomEntry();
        }
        Dict.Entry shadow = volatileKeys.randomEntry();
        return shadow == null ? null : realEntry(shadow);
    }

    /** Deletes a key whose TTL has passed and reports it. */
    public void expire(KeyEntry e) {
        removeEntry(e);
        events.keyExpired(this, e.key);
        events.keyModified(this, e.key);
        events.expiredValueReleased(e.value);
    }

    public boolean isExpired(KeyEntry e) {
        return e.expireAt != KeyEntry.NO_EXPIRY && e.expireAt <= clock.millis() && !loading;
    }

    public long now() {
        return clock.millis();
    }

    /** FLUSHDB. */
    public void clear() {
        empty();
        events.flushed();
    }

    /** Empties this database; watchers see the keys before they go. */
    void empty() {
        events.databaseCleared(this);
        // A new table rather than a cleared one: a running snapshot may still be walking the old one.
        keys = new Dict<>();
        if (index != null) {
            index.cleared();
        }
        volatileKeys.clear();
        avgTtlMillis = 0;
        datasetBytes = 0;
    }

    /**
     * Swaps the contents of two databases (SWAPDB, a replica's swapdb load), telling watchers of both first.
     * Databases with a secondary index both have one ({@link #indexLike}): their indexes swap contents too.
     */
    public void swapWith(Database other) {
        if (index != null) {
            index.swapWith(other.index);
        }
        events.databaseSwapped(this, other);
        events.databaseSwapped(other, this);
        Dict<KeyEntry> k = keys;
        keys = other.keys;
        other.keys = k;
        Dict<Dict.Entry> v = volatileKeys;
        volatileKeys = other.volatileKeys;
        other.volatileKeys = v;
        long t = avgTtlMillis;
        avgTtlMillis = other.avgTtlMillis;
        other.avgTtlMillis = t;
        long bytes = datasetBytes;
        datasetBytes = other.datasetBytes;
        other.datasetBytes = bytes;
    }

    public KeyEntry randomLiveEntry() {
        // Bounded: with every key expired-but-stored (replica) Redis also gives up and returns one.
        for (int tries = 0; tries < 100; tries++) {
            KeyEntry e = keys.fairRandomEntry();
            if (e == null) {
                return null;
            }
            if (!isExpired(e)) {
                return e;
            }
            if (deletesExpiredOnAccess()) {
                expire(e);
            } else if (tries == 99) {
                return e;
            }
        }
        return keys.fairRandomEntry();
    }

    public long scan(long cursor, Consumer<KeyEntry> visitor) {
        return keys.scan(cursor, visitor);
    }

    /** The real entry behind a volatile-index sample. */
    static KeyEntry realEntry(Dict.Entry shadow) {
        return (KeyEntry) shadow.value;
    }
}
