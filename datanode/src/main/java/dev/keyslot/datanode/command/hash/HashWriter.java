package dev.keyslot.datanode.command.hash;

import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.hash.HashValue;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Server;

/** The write path shared by hash commands: type-checked lookup, encoding limits from config, storing. */
final class HashWriter {
    private final Server server;
    private final ServerConfig config;
    private final TypedLookup lookup;
    /** The listpack limits, read on every field written, so kept parsed and refreshed on CONFIG SET. */
    private long maxListpackEntries;
    private long maxListpackValue;

    HashWriter(Server server, TypedLookup lookup) {
        this.server = server;
        this.config = server.config();
        this.lookup = lookup;
        readLimits();
        config.onChange((name, value) -> readLimits());
    }

    private void readLimits() {
        maxListpackEntries = config.getLong("hash-max-listpack-entries");
        maxListpackValue = config.getLong("hash-max-listpack-value");
    }

    /** The existing entry of a hash key, null when absent; WRONGTYPE for other types. */
    KeyEntry writable(Database db, byte[] key) {
        return lookup.write(db, key, ValueType.HASH);
    }

    /** Sets a field under the configured listpack limits; true when the field is new. */
    boolean set(HashValue h, byte[] field, byte[] value) {
        return h.set(field, value, maxListpackEntries, maxListpackValue);
    }

    /** Stores a newly built hash, or reports the in-place change of an existing one, then the event. */
    void written(Database db, byte[] key, KeyEntry existing, HashValue h, String event) {
        if (existing == null) {
            db.add(key, h);
        } else {
            db.signalModified(key);
        }
        server.notifications().notify(NotifyType.HASH, event, key, db);
    }

}
