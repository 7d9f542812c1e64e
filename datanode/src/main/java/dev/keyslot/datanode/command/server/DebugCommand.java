package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.cluster.Cluster;
import dev.keyslot.datanode.cluster.ClusterNode;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.DeferredReply;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.HelpReply;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.config.ConfigRewriter;
import dev.keyslot.datanode.config.MemoryUnits;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.Dict;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.StringEncoding;
import dev.keyslot.datanode.keyspace.hash.HashValue;
import dev.keyslot.datanode.keyspace.list.ListNodeRules;
import dev.keyslot.datanode.keyspace.list.ListValue;
import dev.keyslot.datanode.keyspace.set.SetValue;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.persistence.rdb.ValueListpacks;
import dev.keyslot.datanode.persistence.rdb.RdbValues;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.Numbers;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DEBUG, the subcommands that mean something for the data node: HELP, SLEEP, SET-ACTIVE-EXPIRE, OBJECT, LOG,
 * ERROR, POPULATE, RELOAD, LOADAOF, PROTOCOL, DIGEST, DIGEST-VALUE, CHANGE-REPL-ID, REPLICATE,
 * QUICKLIST-PACKED-THRESHOLD, SET-SKIP-CHECKSUM-VALIDATION, SET-DISABLE-DENY-SCRIPTS, AOF-FLUSH-SLEEP,
 * PAUSE-CRON, STRINGMATCH-TEST, STRUCTSIZE, HTSTATS, HTSTATS-KEY, LISTPACK, QUICKLIST, CLIENT-EVICTION,
 * REPLYBUFFER, DROP-CLUSTER-PACKET-FILTER and CLUSTERLINK KILL. Not those that crash the server, leak memory,
 * tune the C allocator or show C string headers. Refused unless enable-debug-command allows it, before
 * authentication as in Redis ({@link ProtectedCommandFilter}).
 */
public final class DebugCommand implements CommandGroup {
    private final Server server;
    private final RdbValues rdbValues;
    private final TypedLookup lookup;

    public DebugCommand(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
        this.rdbValues = RdbValues.standard(server.config());
    }

    @Override
    public void register(CommandTable t) {
        CommandSpec debug = t.add("debug", -2, "admin noscript loading stale", "", this::debug);
        server.executor().addFilter(new ProtectedCommandFilter(server.config(), "DEBUG", "enable-debug-command",
                Set.of(debug)));
    }

    private void debug(Client c, byte[][] argv) {
        String sub = Args.keyword(argv[1]);
        int argc = argv.length;
        if (sub.equals("help") && argc == 2) {
            HelpReply.send(c, argv[0], HELP);
        } else if (sub.equals("sleep") && argc == 3) {
            sleep(Args.str(argv[2]));
            c.reply().ok();
        } else if (sub.equals("set-active-expire") && argc == 3) {
            server.setActiveExpireEnabled(leadingInt(Args.str(argv[2])) != 0);
            c.reply().ok();
        } else if (sub.equals("object") && argc == 3) {
            object(c, argv[2]);
        } else if (sub.equals("log") && argc == 3) {
            server.log().warning("DEBUG LOG: " + Args.str(argv[2]));
            c.reply().ok();
        } else if (sub.equals("error") && argc == 3) {
            throw new CommandError(Args.str(argv[2]));
        } else if (sub.equals("populate") && argc >= 3 && argc <= 5) {
            populate(c, argv);
        } else if (sub.equals("reload")) {
            reload(c, argv);
        } else if (sub.equals("loadaof")) {
            loadAof(c, argv);
        } else if (sub.equals("digest") && argc == 2) {
            c.reply().simple(new DatasetDigest().ofDatasets(server.keyspace().all()));
        } else if (sub.equals("digest-value")) {
            DatasetDigest digest = new DatasetDigest();
            c.reply().arrayHeader(argc - 2);
            for (int j = 2; j < argc; j++) {
                // Expired keys not yet deleted count, as in Redis.
                c.reply().simple(digest.ofValue(c.db().lookupRaw(argv[j])));
            }
        } else if (sub.equals("protocol") && argc == 3) {
            DebugProtocol.reply(c.reply(), Args.keyword(argv[2]));
        } else if (sub.equals("change-repl-id") && argc == 2) {
            server.replication().changeIds();
            c.reply().ok();
        } else if (sub.equals("quicklist-packed-threshold") && argc == 3) {
            Long bytes = MemoryUnits.parse(Args.str(argv[2]));
            if (bytes == null || !ListNodeRules.setPackedThreshold(bytes)) {
                throw new CommandError("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
            }
            c.reply().ok();
        } else if (sub.equals("set-skip-checksum-validation") && argc == 3) {
            server.setSkipChecksumValidation(leadingInt(Args.str(argv[2])) != 0);
            c.reply().ok();
        } else if (sub.equals("set-disable-deny-scripts") && argc == 3) {
            server.setScriptsMayCallAnyCommand(leadingInt(Args.str(argv[2])) != 0);
            c.reply().ok();
        } else if (sub.equals("aof-flush-sleep") && argc == 3) {
            server.aof().setFlushSleepMicros(leadingInt(Args.str(argv[2])));
            c.reply().ok();
        } else if (sub.equals("config-rewrite-force-all") && argc == 2) {
            rewriteAllConfig(c);
        } else if (sub.equals("pause-cron") && argc == 3) {
            server.setCronPaused(leadingInt(Args.str(argv[2])) != 0);
            c.reply().ok();
        } else if (sub.equals("stringmatch-test") && argc == 2) {
            GlobMatcherFuzz.run();
            c.reply().simple("Apparently Redis did not crash: test passed");
        } else if (sub.equals("structsize") && argc == 2) {
            // The sizes of redis-server's structures on 64-bit Linux, which the data node's figures imitate.
            c.reply().bulk(Args.bytes("bits:64 robj:16 dictentry:24 sdshdr5:1 sdshdr8:3 sdshdr16:5 sdshdr32:9 "
                    + "sdshdr64:17 "));
        } else if (sub.equals("listpack") && argc == 3) {
            listpack(c, argv[2]);
        } else if (sub.equals("quicklist") && (argc == 3 || argc == 4)) {
            quicklist(c, argv);
        } else if (sub.equals("client-eviction") && argc == 2) {
            if (server.config().get("maxmemory-clients").equals("0")) {
                throw new CommandError("ERR maxmemory-clients is disabled.");
            }
            c.reply().verbatim(ClientEvictionBuckets.describe(server.clients().all()));
        } else if (sub.equals("replybuffer") && argc == 4) {
            replyBuffer(argv);
            c.reply().ok();
        } else if (sub.equals("replicate") && argc >= 3) {
            server.replication().replicateAsIs(Arrays.copyOfRange(argv, 2, argc));
            c.reply().ok();
        } else if (sub.equals("htstats") && argc == 3) {
            long dbid = Args.toLong(argv[2]);
            if (dbid < 0 || dbid >= server.keyspace().all().length) {
                throw new CommandError("ERR Out of range database");
            }
            Database db = server.keyspace().db((int) dbid);
            c.reply().verbatim("[Dictionary HT]\n" + db.dict().stats() + "[Expires HT]\n" + db.volatileDict().stats());
        } else if (sub.equals("htstats-key") && argc == 3) {
            htstatsKey(c, argv[2]);
        } else if (sub.equals("drop-cluster-packet-filter") && argc == 3) {
            long type = Args.toLong(argv[2]);
            if (server.cluster() != null) {
                server.cluster().dropReceivedPackets(type);
            }
            c.reply().ok();
        } else if (sub.equals("clusterlink") && argc == 5 && Args.is(argv[2], "kill")) {
            killClusterLinks(c, argv);
        } else {
            throw Errors.subcommandSyntax(argv);
        }
    }

    /** DEBUG CONFIG-REWRITE-FORCE-ALL: CONFIG REWRITE writing every option. */
    private void rewriteAllConfig(Client c) {
        if (server.config().configFile() == null) {
            // Redis tries to open no file, and reports the errno that leaves.
            throw new CommandError("ERR CONFIG-REWRITE-FORCE-ALL failed: Bad address");
        }
        try {
            ConfigRewriter.rewriteAll(server.config());
        } catch (IOException e) {
            throw new CommandError("ERR CONFIG-REWRITE-FORCE-ALL failed: " + e.getMessage());
        }
        c.reply().ok();
    }

    /** DEBUG CLUSTERLINK KILL to|from|all node-id. */
    private void killClusterLinks(Client c, byte[][] argv) {
        Cluster cluster = server.cluster();
        if (cluster == null) {
            throw new CommandError("ERR Debug option only available for cluster mode enabled setup!");
        }
        ClusterNode node = cluster.state().node(Args.str(argv[4]));
        if (node == null) {
            throw new CommandError("ERR Unknown node " + Args.cString(argv[4]));
        }
        boolean all = Args.is(argv[3], "all");
        if (all || Args.is(argv[3], "to") || Args.is(argv[3], "from")) {
            cluster.killLinks(node, all || Args.is(argv[3], "to"), all || Args.is(argv[3], "from"));
        } else {
            // Redis answers the error and then OK as well: two replies to one command.
            c.reply().error("ERR Unknown direction " + Args.cString(argv[3]));
        }
        c.reply().ok();
    }

    /** DEBUG HTSTATS-KEY key: the chain statistics of a value kept in a hash table. */
    private void htstatsKey(Client c, byte[] key) {
        KeyEntry e = lookup.peek(c.db(), key);
        if (e == null) {
            throw new CommandError("ERR no such key");
        }
        Dict<?> table = null;
        if (e.value instanceof HashValue h) {
            table = h.hashTable();
        } else if (e.value instanceof SetValue s) {
            table = s.hashTable();
        } else if (e.value instanceof ZSetValue z) {
            table = z.hashTable();
        }
        if (table == null) {
            throw new CommandError("ERR The value stored at the specified key is not represented using an hash table");
        }
        c.reply().verbatim(table.stats());
    }

    /** DEBUG LISTPACK key: Redis prints the blob on its standard output. */
    private void listpack(Client c, byte[] key) {
        KeyEntry e = lookup.peek(c.db(), key);
        if (e == null) {
            throw new CommandError("ERR no such key");
        }
        byte[] blob = null;
        if (e.value instanceof HashValue h && h.encoding().equals("listpack")) {
            blob = ValueListpacks.of(h).toByteArray();
        } else if (e.value instanceof ZSetValue z && z.encoding().equals("listpack")) {
            blob = ValueListpacks.of(z).toByteArray();
        }
        if (blob == null) {
            throw new CommandError("ERR Not a listpack encoded object.");
        }
        System.out.print(ListpackRepr.of(blob));
        System.out.flush();
        c.reply().simple("Listpack structure printed on stdout");
    }

    /** DEBUG QUICKLIST key [0|1]: Redis prints the nodes (and with 1 their entries) on its standard output. */
    private void quicklist(Client c, byte[][] argv) {
        KeyEntry e = lookup.peek(c.db(), argv[2]);
        if (e == null) {
            throw new CommandError("ERR no such key");
        }
        boolean full = argv.length == 4 && leadingInt(Args.str(argv[3])) != 0;
        if (!(e.value instanceof ListValue list)) {
            throw new CommandError("ERR Not a quicklist encoded object.");
        }
        System.out.print(QuicklistRepr.of(list, full));
        System.out.flush();
        c.reply().simple("Quicklist structure printed on stdout");
    }

    /**
     * DEBUG REPLYBUFFER PEAK-RESET-TIME|RESIZING: checked as Redis does. The data node's reply buffers are
     * Netty's and never resized by a cron job, so there is nothing to tune.
     */
    private static void replyBuffer(byte[][] argv) {
        if (Args.is(argv[2], "peak-reset-time")) {
            if (!Args.is(argv[3], "never") && !Args.is(argv[3], "reset")) {
                Args.toLong(argv[3]);
            }
        } else if (!Args.is(argv[2], "resizing")) {
            throw Errors.subcommandSyntax(argv);
        }
    }

    /**
     * DEBUG POPULATE count [prefix] [size]: string keys "prefix:N" holding "value:N" (zero-padded or cut to
     * size), skipping existing keys. Like Redis, not counted as dataset changes.
     */
    private static void populate(Client c, byte[][] argv) {
        long count = positive(argv[2]);
        long size = argv.length == 5 ? positive(argv[4]) : 0;
        String prefix = argv.length >= 4 ? Args.str(argv[3]) : "key";
        for (long j = 0; j < count; j++) {
            byte[] key = Args.bytes(prefix + ":" + j);
            if (c.db().lookup(key) != null) {
                continue;
            }
            byte[] text = Args.bytes("value:" + j);
            byte[] value = size == 0 ? text : Arrays.copyOf(text, (int) size);
            c.db().add(key, value);
        }
        c.reply().ok();
    }

    /** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]. */
    private void reload(Client c, byte[][] argv) {
        boolean merge = false;
        boolean flush = true;
        boolean save = true;
        for (int i = 2; i < argv.length; i++) {
            if (Args.is(argv[i], "merge")) {
                merge = true;
            } else if (Args.is(argv[i], "noflush")) {
                flush = false;
            } else if (Args.is(argv[i], "nosave")) {
                save = false;
            } else {
                throw new CommandError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            }
        }
        String error = server.persistence().reload(save, flush, merge);
        if (error != null) {
            throw new CommandError(error);
        }
        c.reply().ok();
    }

    /**
     * DEBUG LOADAOF: as in Redis, AOF files that cannot be loaded end the process. The caller waits for its reply
     * while other clients are answered -LOADING, unless it cannot wait (a transaction or script): then the
     * files are replayed in one go.
     */
    private void loadAof(Client c, byte[][] argv) {
        if (c.denyBlocking()) {
            boolean loaded;
            try {
                loaded = server.aof().reloadFromDisk();
            } catch (IllegalStateException e) {
                loaded = false;
            }
            if (aofLoaded(loaded)) {
                c.reply().ok();
            }
            return;
        }
        DeferredReply reply = server.executor().defer(c, c.lastCommand(), argv);
        server.aof().reloadFromDiskStepwise(loaded -> {
            if (aofLoaded(loaded)) {
                reply.finish(null);
            }
        });
    }

    private boolean aofLoaded(boolean loaded) {
        if (!loaded) {
            server.exitFatally();
            return false;
        }
        // The reload changed the dataset, but nothing of it may reach replicas or the AOF.
        server.stats().dirty = 0;
        server.log().warning("Append Only File loaded by DEBUG LOADAOF");
        return true;
    }

    private static long positive(byte[] arg) {
        long v = Args.toLong(arg, Errors.MUST_BE_POSITIVE);
        if (v < 0) {
            throw new CommandError(Errors.MUST_BE_POSITIVE);
        }
        return v;
    }

    /** Blocks the command thread on purpose, as Redis's DEBUG SLEEP blocks its main thread. */
    private static void sleep(String seconds) {
        double s = leadingDouble(seconds);
        if (s <= 0) {
            return;
        }
        try {
            Thread.sleep((long) (s * 1000), (int) ((s * 1_000_000_000L) % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void object(Client c, byte[] key) {
        // As Redis's dictFind: a key past its TTL but not yet deleted is still described, and stays.
        KeyEntry e = c.db().lookupRaw(key);
        if (e == null) {
            throw new CommandError("ERR no such key");
        }
        long lruClock = (System.currentTimeMillis() / 1000) & 0xFFFFFF;
        long idle = Math.max(0, (lruClock - e.lru) & 0xFFFFFF);
        int length = rdbValues.bodyLength(e.value, server.config().getBool("rdbcompression"));
        String quicklist = e.value instanceof ListValue list ? QuicklistSummary.of(list) : "";
        boolean shared = e.value instanceof byte[] && StringEncoding.isSharedInteger(e, server.memory().sharesIntegers());
        // Where Redis's robj would be: one shared object for every key holding the same small integer, otherwise the
        // key's own, which keeps its address while INCR, APPEND or SETRANGE change the value in place.
        Object robj = shared ? Numbers.toBytes(Numbers.parseLongOrNull((byte[]) e.value)) : e;
        c.reply().simple("Value at:0x" + Integer.toHexString(System.identityHashCode(robj))
                + " refcount:" + (shared ? Integer.MAX_VALUE : 1) + " encoding:" + encoding(e)
                + " serializedlength:" + length + " lru:" + e.lru + " lru_seconds_idle:" + idle + quicklist);
    }

    private static String encoding(KeyEntry e) {
        if (e.value instanceof RedisValue v) {
            return v.encoding();
        }
        byte[] b = (byte[]) e.value;
        if (b.length <= 20 && Numbers.parseLongOrNull(b) != null) {
            return "int";
        }
        return b.length <= 44 && !e.rawString() ? "embstr" : "raw";
    }

    /** C's atoi: the leading decimal integer, 0 when there is none. */
    private static int leadingInt(String s) {
        Matcher m = Pattern.compile("^\\s*[+-]?\\d+").matcher(s);
        if (!m.find()) {
            return 0;
        }
        try {
            return Integer.parseInt(m.group().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** C's strtod prefix: 0 when the text does not start with a number. */
    private static double leadingDouble(String s) {
        Matcher m = Pattern.compile("^\\s*[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")
                .matcher(s.toLowerCase(Locale.ROOT));
        return m.find() ? Double.parseDouble(m.group().trim()) : 0;
    }

    private static final String[] HELP = {
        "AOF-FLUSH-SLEEP <microsec>",
        "    Server will sleep before flushing the AOF, this is used for testing.",
        "ASSERT",
        "    Crash by assertion failed.",
        "CHANGE-REPL-ID",
        "    Change the replication IDs of the instance.",
        "    Dangerous: should be used only for testing the replication subsystem.",
        "CONFIG-REWRITE-FORCE-ALL",
        "    Like CONFIG REWRITE but writes all configuration options, including",
        "    keywords not listed in original configuration file or default values.",
        "CRASH-AND-RECOVER [<milliseconds>]",
        "    Hard crash and restart after a <milliseconds> delay (default 0).",
        "DIGEST",
        "    Output a hex signature representing the current DB content.",
        "DIGEST-VALUE <key> [<key> ...]",
        "    Output a hex signature of the values of all the specified keys.",
        "ERROR <string>",
        "    Return a Redis protocol error with <string> as message. Useful for clients",
        "    unit tests to simulate Redis errors.",
        "LEAK <string>",
        "    Create a memory leak of the input string.",
        "LOG <message>",
        "    Write <message> to the server log.",
        "HTSTATS <dbid>",
        "    Return hash table statistics of the specified Redis database.",
        "HTSTATS-KEY <key>",
        "    Like HTSTATS but for the hash table stored at <key>'s value.",
        "LOADAOF",
        "    Flush the AOF buffers on disk and reload the AOF in memory.",
        "REPLICATE <string>",
        "    Replicates the provided string to replicas, allowing data divergence.",
        "MALLCTL <key> [<val>]",
        "    Get or set a malloc tuning integer.",
        "MALLCTL-STR <key> [<val>]",
        "    Get or set a malloc tuning string.",
        "OBJECT <key>",
        "    Show low level info about `key` and associated value.",
        "DROP-CLUSTER-PACKET-FILTER <packet-type>",
        "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
        "OOM",
        "    Crash the server simulating an out-of-memory error.",
        "PANIC",
        "    Crash the server simulating a panic.",
        "POPULATE <count> [<prefix>] [<size>]",
        "    Create <count> string keys named key:<num>. If <prefix> is specified then",
        "    it is used instead of the 'key' prefix. These are not propagated to",
        "    replicas. Cluster slots are not respected so keys not belonging to the",
        "    current node can be created in cluster mode.",
        "PROTOCOL <type>",
        "    Reply with a test value of the specified type. <type> can be: string,",
        "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
        "    true, false.",
        "RELOAD [option ...]",
        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
        "    * MERGE: conflicting keys will be loaded from RDB.",
        "    * NOFLUSH: the existing database will not be removed before load, but",
        "      conflicting keys will generate an exception and kill the server.",
        "    * NOSAVE: the database will be loaded from an existing RDB file.",
        "    Examples:",
        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
        "      the database.",
        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
        "      existing RDB file.",
        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
        "      file to the database.",
        "RESTART [<milliseconds>]",
        "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
        "SDSLEN <key>",
        "    Show low level SDS string info representing `key` and value.",
        "SEGFAULT",
        "    Crash the server with sigsegv.",
        "SET-ACTIVE-EXPIRE <0|1>",
        "    Setting it to 0 disables expiring keys in background when they are not",
        "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
        "    default.",
        "QUICKLIST-PACKED-THRESHOLD <size>",
        "    Sets the threshold for elements to be inserted as plain vs packed nodes",
        "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
        "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
        "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
        "SLEEP <seconds>",
        "    Stop the server for <seconds>. Decimals allowed.",
        "STRINGMATCH-TEST",
        "    Run a fuzz tester against the stringmatchlen() function.",
        "STRUCTSIZE",
        "    Return the size of different Redis core C structures.",
        "LISTPACK <key>",
        "    Show low level info about the listpack encoding of <key>.",
        "QUICKLIST <key> [<0|1>]",
        "    Show low level info about the quicklist encoding of <key>.",
        "    The optional argument (0 by default) sets the level of detail",
        "CLIENT-EVICTION",
        "    Show low level client eviction pools info (maxmemory-clients).",
        "PAUSE-CRON <0|1>",
        "    Stop periodic cron job processing.",
        "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
        "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
        "    In case NEVER is provided the last observed peak will never be reset",
        "    In case RESET is provided the peak reset time will be restored to the default value",
        "REPLYBUFFER RESIZING <0|1>",
        "    Enable or disable the reply buffer resize cron job",
        "CLUSTERLINK KILL <to|from|all> <node-id>",
        "    Kills the link based on the direction to/from (both) with the provided node."
    };
}
