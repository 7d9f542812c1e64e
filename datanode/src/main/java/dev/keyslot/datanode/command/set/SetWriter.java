package dev.keyslot.datanode.command.set;

import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.set.SetValue;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Server;

/** The write path shared by set commands: type-checked lookup, the intset limit, empty-set removal. */
final class SetWriter {
    private final Server server;
    private final ServerConfig config;
    private final TypedLookup lookup;

    SetWriter(Server server, TypedLookup lookup) {
        this.server = server;
        this.config = server.config();
        this.lookup = lookup;
    }

    /** The existing entry of a set key, null when absent; WRONGTYPE for other types. */
    KeyEntry writable(Database db, byte[] key) {
        return lookup.write(db, key, ValueType.SET);
    }

    long maxIntsetEntries() {
        return config.getLong("set-max-intset-entries");
    }

    /**
     * After members were removed: publishes event, then deletes the key when the set is empty (with a
     * "del" event) or else reports the change.
     */
    void removedFrom(Database db, byte[] key, SetValue s, String event) {
        notify(NotifyType.SET, event, key, db);
        if (s.size() == 0) {
            db.delete(key);
            notify(NotifyType.GENERIC, "del", key, db);
        } else {
            db.signalModified(key);
        }
    }

    void notify(NotifyType type, String event, byte[] key, Database db) {
        server.notifications().notify(type, event, key, db);
    }

}
