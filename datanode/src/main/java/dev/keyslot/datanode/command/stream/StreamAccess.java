package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.stream.ConsumerGroup;
import dev.keyslot.datanode.keyspace.stream.StreamValue;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** Typed stream lookups and the bookkeeping shared by the stream commands (events, dirty counter). */
final class StreamAccess {
    private final Server server;
    private final TypedLookup lookup;

    StreamAccess(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    Server server() {
        return server;
    }

    StreamValue read(Client c, byte[] key) {
        return lookup.value(c.db(), key, ValueType.STREAM);
    }

    StreamValue write(Client c, byte[] key) {
        KeyEntry e = lookup.write(c.db(), key, ValueType.STREAM);
        return e == null ? null : (StreamValue) e.value;
    }

    /** Publishes a stream-class keyspace event. */
    void notify(Client c, String event, byte[] key) {
        server.notifications().notify(NotifyType.STREAM, event, key, c.db());
    }

    void dirty(long changes) {
        server.stats().dirty += changes;
    }

    /** Wakes clients blocked on key without touching WATCH (Redis's signalKeyAsReady alone). */
    void signalReady(Database db, byte[] key) {
        server.blocking().keyModified(db, key);
    }

    static long now() {
        return System.currentTimeMillis();
    }

    /** The group of an existing stream, or the NOGROUP error Redis words per command. */
    static ConsumerGroup requireGroup(StreamValue s, byte[] key, byte[] group) {
        ConsumerGroup g = s == null ? null : s.group(group);
        if (g == null) {
            throw new CommandError("NOGROUP No such key '" + Args.cString(key) + "' or consumer group '"
                    + Args.cString(group) + "'");
        }
        return g;
    }

}
