package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Help;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.AccessTracker;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.StringEncoding;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** OBJECT ENCODING | REFCOUNT | IDLETIME | FREQ | HELP: internals of a value, without touching its access time. */
public final class ObjectCommand implements CommandGroup {
    private static final String SWITCHING_NOTE = " Please note that when switching between policies at runtime"
            + " LRU and LFU data will take some time to adjust.";
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;

    private final Server server;
    private final TypedLookup lookup;

    public ObjectCommand(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        CommandSpec object = t.container("object", "");
        object.sub("encoding", 3, "readonly", 2, 2, 1, "keyspace", this::encoding).keySpecFlags("RO")
                .tips("nondeterministic_output");
        object.sub("refcount", 3, "readonly", 2, 2, 1, "keyspace", this::refcount).keySpecFlags("RO")
                .tips("nondeterministic_output");
        object.sub("idletime", 3, "readonly", 2, 2, 1, "keyspace", this::idletime).keySpecFlags("RO")
                .tips("nondeterministic_output");
        object.sub("freq", 3, "readonly", 2, 2, 1, "keyspace", this::freq).keySpecFlags("RO")
                .tips("nondeterministic_output");
        object.sub("help", 2, "loading stale", "keyspace", this::help);
    }

    private KeyEntry entry(Client c, byte[][] argv) {
        KeyEntry e = lookup.peek(c.db(), argv[2]);
        if (e == null) {
            c.reply().nullBulk();
        }
        return e;
    }

    private void encoding(Client c, byte[][] argv) {
        KeyEntry e = entry(c, argv);
        if (e != null) {
            c.reply().bulk(e.value instanceof RedisValue v ? v.encoding() : StringEncoding.name(e));
        }
    }

    private void refcount(Client c, byte[][] argv) {
        KeyEntry e = entry(c, argv);
        if (e != null) {
            boolean shared = e.value instanceof byte[] && StringEncoding.isSharedInteger(e, server.memory().sharesIntegers());
            c.reply().integer(shared ? SHARED_REFCOUNT : 1);
        }
    }

    private void idletime(Client c, byte[][] argv) {
        KeyEntry e = entry(c, argv);
        if (e == null) {
            return;
        }
        Database db = c.db();
        AccessTracker access = db.access();
        if (access.lfu()) {
            throw new CommandError("ERR An LFU maxmemory policy is selected, idle time not tracked." + SWITCHING_NOTE);
        }
        c.reply().integer(access.idleMillis(e, db.now()) / 1000);
    }

    private void freq(Client c, byte[][] argv) {
        KeyEntry e = entry(c, argv);
        if (e == null) {
            return;
        }
        Database db = c.db();
        AccessTracker access = db.access();
        if (!access.lfu()) {
            throw new CommandError("ERR An LFU maxmemory policy is not selected, access frequency not tracked."
                    + SWITCHING_NOTE);
        }
        c.reply().integer(access.frequency(e, db.now()));
    }

    private void help(Client c, byte[][] argv) {
        Help.reply(c.reply(), "OBJECT",
                "ENCODING <key>",
                "    Return the kind of internal representation used in order to store the value",
                "    associated with a <key>.",
                "FREQ <key>",
                "    Return the access frequency index of the <key>. The returned integer is",
                "    proportional to the logarithm of the recent access frequency of the key.",
                "IDLETIME <key>",
                "    Return the idle time of the <key>, that is the approximated number of",
                "    seconds elapsed since the last access to the key.",
                "REFCOUNT <key>",
                "    Return the number of references of the value associated with the specified",
                "    <key>.");
    }
}
