package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.propagation.StreamWords;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.command.KeySpecFlag;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** Whole-value string commands: GET, SET and its variants, GETSET, GETDEL, GETEX. */
final class StringCommands implements CommandGroup {
    /** SET's key flags: it reads the key only when GET asks for the old value. */
    private static final int READ_AND_UPDATE = KeySpecFlag.parse("RW access update");
    private static final int OVERWRITE = KeySpecFlag.parse("OW update");

    private final Server server;
    private final TypedLookup lookup;

    StringCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("get", 2, "readonly fast", 1, 1, 1, "string", this::get).keySpecFlags("RO access");
        t.add("set", -3, "write denyoom", 1, 1, 1, "string", this::set).writesThroughKeyspace()
                .keySpecs(KeySpec.index(1).flags("RW access update variable_flags")
                        .notes("RW and ACCESS due to the optional `GET` argument"))
                .keyFlagsFoundBy((argv, position) -> returnsOldValue(argv) ? READ_AND_UPDATE : OVERWRITE);
        t.add("setnx", 3, "write denyoom fast", 1, 1, 1, "string", this::setnx).writesThroughKeyspace()
                .keySpecFlags("OW insert");
        t.add("setex", 4, "write denyoom", 1, 1, 1, "string", (c, argv) -> setWithExpiry(c, argv, true, "setex"))
                .writesThroughKeyspace().keySpecFlags("OW update");
        t.add("psetex", 4, "write denyoom", 1, 1, 1, "string", (c, argv) -> setWithExpiry(c, argv, false, "psetex"))
                .writesThroughKeyspace().keySpecFlags("OW update");
        t.add("getset", 3, "write denyoom fast", 1, 1, 1, "string", this::getset).writesThroughKeyspace()
                .keySpecFlags("RW access update");
        t.add("getdel", 2, "write fast", 1, 1, 1, "string", this::getdel).writesThroughKeyspace()
                .keySpecFlags("RW access delete");
        t.add("getex", -2, "write fast", 1, 1, 1, "string", this::getex).writesThroughKeyspace()
                .keySpecs(KeySpec.index(1).flags("RW access update").notes("RW and UPDATE because it changes the TTL"));
    }

    private static boolean returnsOldValue(byte[][] argv) {
        for (int i = 3; i < argv.length; i++) {
            if (Args.is(argv[i], "get")) {
                return true;
            }
        }
        return false;
    }

    private void get(Client c, byte[][] argv) {
        replyCurrent(c, argv[1]);
    }

    /** Replies with the current string value (GET semantics); WRONGTYPE for other types. */
    private void replyCurrent(Client c, byte[] key) {
        byte[] v = lookup.string(c.db(), key);
        if (v == null) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(v);
        }
    }

    private void set(Client c, byte[][] argv) {
        if (argv.length == 3) {
            // Plain SET: no lookup needed, the write clears any TTL.
            c.db().set(argv[1], argv[2], false);
            server.notifications().notify(NotifyType.STRING, "set", argv[1], c.db());
            server.stats().dirty++;
            c.reply().ok();
            return;
        }
        SetOptions o = SetOptions.forSet(argv);
        Database db = c.db();
        long expireAt = o.expireIndex < 0 ? KeyEntry.NO_EXPIRY : o.expireAt(argv, db.now(), "set");
        boolean get = o.has(SetOptions.GET);
        if (get) {
            replyCurrent(c, argv[1]);
        }
        boolean found = db.lookup(argv[1]) != null;
        if ((o.has(SetOptions.NX) && found) || (o.has(SetOptions.XX) && !found)) {
            if (!get) {
                c.reply().nullBulk();
            }
            return;
        }
        if (expireAt != KeyEntry.NO_EXPIRY) {
            db.setExpiring(argv[1], argv[2], expireAt);
        } else {
            db.set(argv[1], argv[2], o.has(SetOptions.KEEPTTL));
        }
        server.notifications().notify(NotifyType.STRING, "set", argv[1], db);
        if (expireAt != KeyEntry.NO_EXPIRY) {
            server.notifications().notify(NotifyType.GENERIC, "expire", argv[1], db);
            server.propagator().rewrite(StreamWords.SET, argv[1], argv[2], StreamWords.PXAT,
                    StreamWords.number(expireAt));
        } else if (get) {
            server.propagator().rewrite(withoutGet(argv));
        }
        server.stats().dirty++;
        if (!get) {
            c.reply().ok();
        }
    }

    /** SET ... GET propagates without its GET words: replicas have no reply to give. */
    private static byte[][] withoutGet(byte[][] argv) {
        java.util.List<byte[]> kept = new java.util.ArrayList<>(argv.length);
        for (int i = 0; i < argv.length; i++) {
            if (i < 3 || !Args.is(argv[i], "get")) {
                kept.add(argv[i]);
            }
        }
        return kept.toArray(new byte[0][]);
    }

    private void setnx(Client c, byte[][] argv) {
        Database db = c.db();
        if (db.lookup(argv[1]) != null) {
            c.reply().integer(0);
            return;
        }
        db.add(argv[1], argv[2]);
        server.notifications().notify(NotifyType.STRING, "set", argv[1], db);
        server.stats().dirty++;
        c.reply().integer(1);
    }

    private void setWithExpiry(Client c, byte[][] argv, boolean seconds, String command) {
        Database db = c.db();
        long expireAt = SetOptions.expireAt(argv[2], seconds, true, db.now(), command);
        db.setExpiring(argv[1], argv[3], expireAt);
        server.notifications().notify(NotifyType.STRING, "set", argv[1], db);
        server.notifications().notify(NotifyType.GENERIC, "expire", argv[1], db);
        server.stats().dirty++;
        server.propagator().rewrite(StreamWords.SET, argv[1], argv[3], StreamWords.PXAT, StreamWords.number(expireAt));
        c.reply().ok();
    }

    private void getset(Client c, byte[][] argv) {
        replyCurrent(c, argv[1]);
        c.db().set(argv[1], argv[2], false);
        server.notifications().notify(NotifyType.STRING, "set", argv[1], c.db());
        server.stats().dirty++;
        server.propagator().rewrite(StreamWords.SET, argv[1], argv[2]);
    }

    private void getdel(Client c, byte[][] argv) {
        replyCurrent(c, argv[1]);
        if (c.db().delete(argv[1])) {
            server.notifications().notify(NotifyType.GENERIC, "del", argv[1], c.db());
            server.stats().dirty++;
            server.propagator().rewrite(StreamWords.deletion(server.config().getBool("lazyfree-lazy-user-del")), argv[1]);
        }
    }

    private void getex(Client c, byte[][] argv) {
        SetOptions o = SetOptions.forGetex(argv);
        Database db = c.db();
        KeyEntry e = lookup.read(db, argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        if (!(e.value instanceof byte[] value)) {
            throw Errors.wrongType();
        }
        long now = db.now();
        long expireAt = o.expireIndex < 0 ? KeyEntry.NO_EXPIRY : o.expireAt(argv, now, "getex");
        c.reply().bulk(value);
        if ((o.has(SetOptions.EXAT) || o.has(SetOptions.PXAT)) && db.expiresImmediately(expireAt)
                && !server.replication().isReplica()) {
            db.delete(argv[1]);
            server.notifications().notify(NotifyType.GENERIC, "del", argv[1], db);
            server.stats().dirty++;
            server.propagator().rewrite(StreamWords.deletion(server.config().getBool("lazyfree-lazy-expire")), argv[1]);
        } else if (expireAt != KeyEntry.NO_EXPIRY) {
            db.setExpiry(e, expireAt);
            db.signalModified(argv[1]);
            server.notifications().notify(NotifyType.GENERIC, "expire", argv[1], db);
            server.stats().dirty++;
            server.propagator().rewrite(StreamWords.PEXPIREAT, argv[1], StreamWords.number(expireAt));
        } else if (o.has(SetOptions.PERSIST) && db.persist(e)) {
            db.signalModified(argv[1]);
            server.notifications().notify(NotifyType.GENERIC, "persist", argv[1], db);
            server.stats().dirty++;
            server.propagator().rewrite(StreamWords.PERSIST, argv[1]);
        }
    }
}
