package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** String commands. */
public final class StringCommands implements CommandGroup {
    private final Server server;
    private final TypedLookup lookup;

    public StringCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("get", 2, "readonly fast", 1, 1, 1, "string", this::get);
        t.add("set", -3, "write denyoom", 1, 1, 1, "string", this::set);
    }

    private void get(Client c, byte[][] argv) {
        byte[] v = lookup.string(c.db(), argv[1]);
        if (v == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(v);
        }
    }

    /** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT ts | PXAT ts | KEEPTTL]. */
    private void set(Client c, byte[][] argv) {
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        long expireAt = KeyEntry.NO_EXPIRY;
        String expireOption = null;
        for (int i = 3; i < argv.length; i++) {
            byte[] a = argv[i];
            boolean hasNext = i + 1 < argv.length;
            if (Args.is(a, "nx") && !xx) {
                nx = true;
            } else if (Args.is(a, "xx") && !nx) {
                xx = true;
            } else if (Args.is(a, "get")) {
                get = true;
            } else if (Args.is(a, "keepttl") && expireOption == null) {
                keepTtl = true;
            } else if ((Args.is(a, "ex") || Args.is(a, "px") || Args.is(a, "exat") || Args.is(a, "pxat"))
                    && expireOption == null && !keepTtl && hasNext) {
                expireOption = Args.lower(a);
                expireAt = expireTime(expireOption, argv[++i], "set");
            } else {
                throw Errors.syntax();
            }
        }
        Database db = c.db();
        KeyEntry existing = get ? lookup.read(db, argv[1]) : db.lookup(argv[1]);
        if (get) {
            if (existing != null && !(existing.value instanceof byte[])) {
                throw Errors.wrongType();
            }
        }
        byte[] old = existing == null ? null : (existing.value instanceof byte[] b ? b : null);
        if ((nx && existing != null) || (xx && existing == null)) {
            if (get) {
                replyOld(c, old);
            } else {
                c.reply().nullBulk();
            }
            return;
        }
        KeyEntry e = db.set(argv[1], argv[2], keepTtl);
        server.stats().dirty++;
        server.notifications().notify(NotifyType.STRING, "set", argv[1], db);
        if (expireAt != KeyEntry.NO_EXPIRY) {
            db.setExpiry(e, expireAt);
            server.notifications().notify(NotifyType.GENERIC, "expire", argv[1], db);
        }
        if (get) {
            replyOld(c, old);
        } else {
            c.reply().ok();
        }
    }

    private static void replyOld(Client c, byte[] old) {
        if (old == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(old);
        }
    }

    /** Converts EX/PX/EXAT/PXAT arguments to an absolute time, with Redis's validation. */
    static long expireTime(String unit, byte[] arg, String command) {
        long v = Args.toLong(arg);
        if (v <= 0) {
            throw new CommandError("ERR invalid expire time in '" + command + "' command");
        }
        long now = System.currentTimeMillis();
        boolean seconds = unit.equals("ex") || unit.equals("exat");
        if (seconds) {
            if (v > Long.MAX_VALUE / 1000) {
                throw new CommandError("ERR invalid expire time in '" + command + "' command");
            }
            v *= 1000;
        }
        boolean relative = unit.equals("ex") || unit.equals("px");
        if (relative) {
            if (v > Long.MAX_VALUE - now) {
                throw new CommandError("ERR invalid expire time in '" + command + "' command");
            }
            v += now;
        }
        return v;
    }
}
