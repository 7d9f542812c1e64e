package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.HelpReply;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.memory.KeyMemoryUsage;
import dev.keyslot.datanode.memory.MemoryMonitor;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.server.SystemFigures;

/** MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE and HELP. */
public final class MemoryCommands implements CommandGroup {
    private static final String SHARDS = "request_policy:all_shards";

    private final Server server;

    public MemoryCommands(Server server) {
        this.server = server;
    }

    @Override
    public void register(CommandTable t) {
        var memory = t.container("memory", "");
        memory.sub("usage", -3, "readonly", 2, 2, 1, "", this::usage).keySpecFlags("RO");
        memory.sub("stats", 2, "", "", this::stats)
                .tips("nondeterministic_output", SHARDS, "response_policy:special");
        memory.sub("doctor", 2, "", "", this::doctor).tips("nondeterministic_output", SHARDS, "response_policy:special");
        memory.sub("malloc-stats", 2, "", "",
                (c, argv) -> c.reply().bulk(Args.bytes("Stats not supported for the current allocator")))
                .tips("nondeterministic_output", SHARDS, "response_policy:special");
        memory.sub("purge", 2, "", "", (c, argv) -> c.reply().ok()).tips(SHARDS, "response_policy:all_succeeded");
        memory.sub("help", 2, "loading stale", "", (c, argv) -> HelpReply.send(c, argv[0],
                "DOCTOR",
                "    Return memory problems reports.",
                "MALLOC-STATS",
                "    Return internal statistics report from the memory allocator.",
                "PURGE",
                "    Attempt to purge dirty pages for reclamation by the allocator.",
                "STATS",
                "    Return information about the memory usage of the server.",
                "USAGE <key> [SAMPLES <count>]",
                "    Return memory in bytes used by <key> and its value. Nested values are",
                "    sampled up to <count> times (default: 5, 0 means sample all)."));
    }

    /** MEMORY USAGE key [SAMPLES count]: redis-server's figure (see {@link KeyMemoryUsage}). */
    private void usage(Client c, byte[][] argv) {
        long samples = KeyMemoryUsage.DEFAULT_SAMPLES;
        if (argv.length > 3) {
            if (argv.length != 5 || !Args.is(argv[3], "samples")) {
                throw Errors.syntax();
            }
            samples = Args.toLong(argv[4]);
            if (samples < 0) {
                throw Errors.syntax();
            }
        }
        KeyEntry e = c.db().lookupRaw(argv[2]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        KeyMemoryUsage usage = new KeyMemoryUsage(samples,
                server.config().getLong("stream-node-max-bytes"));
        c.reply().integer(usage.of(e, server.cluster() != null));
    }

    private void stats(Client c, byte[][] argv) {
        Runtime rt = Runtime.getRuntime();
        // The figures of INFO memory: used_memory's measured dataset and allowance, the JVM heap as the allocator.
        MemoryMonitor memory = server.memory();
        long used = memory.usedMemory();
        long peak = memory.usedMemoryPeak();
        long startup = memory.usedMemoryStartup();
        long rss = SystemFigures.residentBytes();
        long keys = server.keyspace().totalKeys();
        long dataset = memory.usedMemoryDataset();
        int nonEmpty = 0;
        for (Database db : server.keyspace().all()) {
            if (db.size() > 0) {
                nonEmpty++;
            }
        }
        Reply r = c.reply();
        r.mapHeader(27 + nonEmpty);
        integer(r, "peak.allocated", peak);
        integer(r, "total.allocated", used);
        integer(r, "startup.allocated", startup);
        integer(r, "replication.backlog", server.replication().backlogBytes());
        integer(r, "clients.slaves", server.replication().replicaOutputBytes());
        integer(r, "clients.normal", server.clientMemory().total());
        integer(r, "cluster.links", clusterLinkBytes(server));
        integer(r, "aof.buffer", server.aof().bufferBytes());
        integer(r, "lua.caches", 0);
        integer(r, "functions.caches", 0);
        for (Database db : server.keyspace().all()) {
            if (db.size() > 0) {
                r.bulk(Args.bytes("db." + db.id()));
                r.mapHeader(3);
                integer(r, "overhead.hashtable.main", db.dict().buckets() * 8 + (long) db.size() * 24);
                integer(r, "overhead.hashtable.expires", (long) db.volatileCount() * 32);
                integer(r, "overhead.hashtable.slot-to-keys", slotToKeysOverhead(db));
            }
        }
        integer(r, "overhead.total", memory.usedMemoryOverhead());
        integer(r, "keys.count", keys);
        integer(r, "keys.bytes-per-key", keys == 0 ? 0 : dataset / keys);
        integer(r, "dataset.bytes", dataset);
        decimal(r, "dataset.percentage", used == 0 ? 0 : 100.0 * dataset / used);
        decimal(r, "peak.percentage", peak == 0 ? 0 : 100.0 * used / peak);
        integer(r, "allocator.allocated", rt.totalMemory() - rt.freeMemory());
        integer(r, "allocator.active", rt.totalMemory());
        integer(r, "allocator.resident", rss);
        decimal(r, "allocator-fragmentation.ratio", 1.0);
        integer(r, "allocator-fragmentation.bytes", 0);
        decimal(r, "allocator-rss.ratio", rt.totalMemory() == 0 ? 0 : (double) rss / rt.totalMemory());
        integer(r, "allocator-rss.bytes", rss - rt.totalMemory());
        decimal(r, "rss-overhead.ratio", 1.0);
        integer(r, "rss-overhead.bytes", 0);
        decimal(r, "fragmentation", used == 0 ? 0 : (double) rss / used);
        integer(r, "fragmentation.bytes", rss - used);
    }

    /** Redis keeps two pointers per key to list the keys of a slot, in cluster mode only. */
    private long slotToKeysOverhead(Database db) {
        return server.cluster() == null ? 0 : (long) db.size() * 16;
    }

    /** MEMORY STATS cluster.links, INFO mem_cluster_links: the cluster bus links and their buffers. */
    static long clusterLinkBytes(Server server) {
        return server.cluster() == null ? 0 : server.cluster().linksMemory();
    }

    private static void integer(Reply r, String name, long value) {
        r.bulk(Args.bytes(name));
        r.integer(value);
    }

    private static void decimal(Reply r, String name, double value) {
        r.bulk(Args.bytes(name));
        r.doubleValue(value);
    }

    private void doctor(Client c, byte[][] argv) {
        c.reply().verbatim(MemoryDoctor.report(server));
    }
}
