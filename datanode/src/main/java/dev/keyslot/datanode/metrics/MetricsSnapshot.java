package dev.keyslot.datanode.metrics;

import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.keyspace.Keyspace;
import dev.keyslot.datanode.replication.ReplicaStatus;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.server.ServerStats;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The server's counters copied on the command thread, so the metrics thread reads a consistent, immutable
 * view instead of fields the command thread is mutating.
 */
record MetricsSnapshot(long commandsProcessed, int connectedClients, long[] keysPerDb, long expiredKeys,
                       long evictedKeys, long usedMemory, long netInputBytes, long netOutputBytes,
                       Map<String, CommandCalls> commands, Replication replication,
                       PersistenceFigures persistence) {

    /** The replication figures: offset, sync counts, and per replica its lag in seconds and in bytes. */
    record Replication(long offset, long fullSyncs, long partialSyncsAccepted, long partialSyncsRefused,
                       Map<String, long[]> replicaLag) {
        static final Replication EMPTY = new Replication(0, 0, 0, 0, Map.of());

        static Replication capture(dev.keyslot.datanode.replication.Replication r) {
            Map<String, long[]> lag = new HashMap<>();
            for (ReplicaStatus s : r.replicas()) {
                lag.put(s.address(), new long[] {s.lagSeconds(), Math.max(0, r.offset() - s.ackOffset())});
            }
            return new Replication(r.offset(), r.stats().fullSyncs(), r.stats().partialSyncsAccepted(),
                    r.stats().partialSyncsRefused(), Collections.unmodifiableMap(lag));
        }

        long lag(String replica, int which) {
            long[] v = replicaLag.get(replica);
            return v == null ? 0 : v[which];
        }
    }

    /** Calls and total execution time of one command (as INFO commandstats). */
    record CommandCalls(long calls, long micros) {
    }

    static final MetricsSnapshot EMPTY = new MetricsSnapshot(0, 0, new long[0], 0, 0, 0, 0, 0, Map.of(),
            Replication.EMPTY, PersistenceFigures.EMPTY);

    /** Must run on the command thread. */
    static MetricsSnapshot capture(Server server) {
        ServerStats stats = server.stats();
        Keyspace keyspace = server.keyspace();
        long[] keys = new long[keyspace.count()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = keyspace.db(i).size();
        }
        Map<String, CommandCalls> commands = new HashMap<>();
        for (CommandSpec spec : server.commands().all()) {
            addCalls(spec, commands);
            for (CommandSpec sub : spec.subcommands().values()) {
                addCalls(sub, commands);
            }
        }
        return new MetricsSnapshot(stats.commandsProcessed, server.clients().size(), keys, stats.expiredKeys,
                stats.evictedKeys, server.memory().usedMemory(), stats.netInputBytes, stats.netOutputBytes,
                Collections.unmodifiableMap(commands), Replication.capture(server.replication()),
                PersistenceFigures.capture(server));
    }

    private static void addCalls(CommandSpec spec, Map<String, CommandCalls> into) {
        if (spec.calls > 0) {
            into.put(spec.fullName(), new CommandCalls(spec.calls, spec.microseconds));
        }
    }

    long keys(int db) {
        return db < keysPerDb.length ? keysPerDb[db] : 0;
    }

    CommandCalls command(String name) {
        return commands.getOrDefault(name, new CommandCalls(0, 0));
    }
}
