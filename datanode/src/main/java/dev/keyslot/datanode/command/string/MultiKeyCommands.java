package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** MGET, MSET and MSETNX. */
final class MultiKeyCommands implements CommandGroup {
    private final Server server;
    private final TypedLookup lookup;

    MultiKeyCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("mget", -2, "readonly fast", 1, -1, 1, "string", this::mget).keySpecFlags("RO access")
                .tips("request_policy:multi_shard");
        t.add("mset", -3, "write denyoom", 1, -1, 2, "string", (c, argv) -> mset(c, argv, false))
                .writesThroughKeyspace().keySpecFlags("OW update")
                .tips("request_policy:multi_shard", "response_policy:all_succeeded");
        t.add("msetnx", -3, "write denyoom", 1, -1, 2, "string", (c, argv) -> mset(c, argv, true))
                .writesThroughKeyspace().keySpecFlags("OW insert")
                .tips("request_policy:multi_shard", "response_policy:agg_min");
    }

    private void mget(Client c, byte[][] argv) {
        Database db = c.db();
        c.reply().arrayHeader(argv.length - 1);
        for (int i = 1; i < argv.length; i++) {
            KeyEntry e = lookup.read(db, argv[i]);
            if (e != null && e.value instanceof byte[] v) {
                c.reply().bulk(v);
            } else {
                c.reply().nullBulk();
            }
        }
    }

    private void mset(Client c, byte[][] argv, boolean nx) {
        if (argv.length % 2 == 0) {
            throw Errors.wrongArity(nx ? "msetnx" : "mset");
        }
        Database db = c.db();
        if (nx) {
            for (int i = 1; i < argv.length; i += 2) {
                if (db.lookup(argv[i]) != null) {
                    c.reply().integer(0);
                    return;
                }
            }
        }
        for (int i = 1; i < argv.length; i += 2) {
            db.set(argv[i], argv[i + 1], false);
            server.notifications().notify(NotifyType.STRING, "set", argv[i], db);

        }
        server.stats().dirty += (argv.length - 1) / 2;
        if (nx) {
            c.reply().integer(1);
        } else {
            c.reply().ok();
        }
    }
}
