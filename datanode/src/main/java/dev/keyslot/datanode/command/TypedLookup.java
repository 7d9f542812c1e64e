package dev.keyslot.datanode.command;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.server.ServerStats;

/**
 * Reads a key expecting a given type, counting keyspace hits and misses and throwing WRONGTYPE on a
 * mismatch: the lookupKeyRead/checkType pair every typed command starts with.
 */
public final class TypedLookup {
    private final ServerStats stats;

    public TypedLookup(ServerStats stats) {
        this.stats = stats;
    }

    /** The string value, null when the key is absent; WRONGTYPE for other types. */
    public byte[] string(Database db, byte[] key) {
        KeyEntry e = read(db, key);
        if (e == null) {
            return null;
        }
        if (!(e.value instanceof byte[] bytes)) {
            throw Errors.wrongType();
        }
        return bytes;
    }

    /** The value of the given collection type, null when absent; WRONGTYPE for other types. */
    @SuppressWarnings("unchecked")
    public <T extends RedisValue> T value(Database db, byte[] key, ValueType type) {
        KeyEntry e = read(db, key);
        if (e == null) {
            return null;
        }
        if (ValueType.of(e.value) != type) {
            throw Errors.wrongType();
        }
        return (T) e.value;
    }

    /** The entry for a read command, counting hit or miss and recording the access for LRU/LFU. */
    public KeyEntry read(Database db, byte[] key) {
        KeyEntry e = peek(db, key);
        if (e != null) {
            db.access().touch(e, db.now());
        }
        return e;
    }

    /** A read that counts hit or miss but leaves the access time alone (Redis's LOOKUP_NOTOUCH). */
    public KeyEntry peek(Database db, byte[] key) {
        KeyEntry e = db.lookup(key);
        if (e == null) {
            stats.keyspaceMisses++;
            db.reportMiss(key);
        } else {
            stats.keyspaceHits++;
        }
        return e;
    }

    /** The entry for a write command (no hit/miss accounting, but an access), type-checked when present. */
    public KeyEntry write(Database db, byte[] key, ValueType type) {
        KeyEntry e = write(db, key);
        if (e != null && ValueType.of(e.value) != type) {
            throw Errors.wrongType();
        }
        return e;
    }

    /** The entry for a write command of any type: no hit/miss accounting, records the access. */
    public KeyEntry write(Database db, byte[] key) {
        KeyEntry e = db.lookup(key);
        if (e != null) {
            db.access().touch(e, db.now());
        }
        return e;
    }
}
