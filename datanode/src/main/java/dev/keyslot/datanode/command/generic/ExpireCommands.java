package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.propagation.StreamWords;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** Time to live: EXPIRE PEXPIRE EXPIREAT PEXPIREAT, TTL PTTL EXPIRETIME PEXPIRETIME, PERSIST. */
public final class ExpireCommands implements CommandGroup {
    private static final int NX = 1;
    private static final int XX = 2;
    private static final int GT = 4;
    private static final int LT = 8;

    private final Server server;
    private final TypedLookup lookup;

    public ExpireCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("expire", -3, "write fast", 1, 1, 1, "keyspace", (c, argv) -> expire(c, argv, "expire", true, true))
                .keySpecFlags("RW update");
        t.add("pexpire", -3, "write fast", 1, 1, 1, "keyspace", (c, argv) -> expire(c, argv, "pexpire", false, true))
                .keySpecFlags("RW update");
        t.add("expireat", -3, "write fast", 1, 1, 1, "keyspace", (c, argv) -> expire(c, argv, "expireat", true, false))
                .keySpecFlags("RW update");
        t.add("pexpireat", -3, "write fast", 1, 1, 1, "keyspace",
                (c, argv) -> expire(c, argv, "pexpireat", false, false)).keySpecFlags("RW update");
        t.add("ttl", 2, "readonly fast", 1, 1, 1, "keyspace", (c, argv) -> ttl(c, argv, false, false))
                .keySpecFlags("RO access").tips("nondeterministic_output");
        t.add("pttl", 2, "readonly fast", 1, 1, 1, "keyspace", (c, argv) -> ttl(c, argv, true, false))
                .keySpecFlags("RO access").tips("nondeterministic_output");
        t.add("expiretime", 2, "readonly fast", 1, 1, 1, "keyspace", (c, argv) -> ttl(c, argv, false, true))
                .keySpecFlags("RO access");
        t.add("pexpiretime", 2, "readonly fast", 1, 1, 1, "keyspace", (c, argv) -> ttl(c, argv, true, true))
                .keySpecFlags("RO access");
        t.add("persist", 2, "write fast", 1, 1, 1, "keyspace", this::persist).keySpecFlags("RW update");
    }

    /** The shared body of the four EXPIRE variants; a time in the past deletes the key. */
    private void expire(Client c, byte[][] argv, String command, boolean seconds, boolean relative) {
        int flags = parseFlags(argv);
        long when = Args.toLong(argv[2]);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw invalidExpireTime(command);
            }
            when *= 1000;
        }
        Database db = c.db();
        long base = relative ? db.now() : 0;
        if (when > Long.MAX_VALUE - base) {
            throw invalidExpireTime(command);
        }
        when += base;
        KeyEntry e = lookup.write(db, argv[1]);
        if (e == null || !conditionHolds(flags, e.expireAt, when)) {
            c.reply().integer(0);
            return;
        }
        // A replica sets even a past time: its master decides when the key goes (Redis's checkAlreadyExpired).
        if (db.expiresImmediately(when) && !server.replication().isReplica()) {
            db.delete(argv[1]);
            server.notifications().notify(NotifyType.GENERIC, "del", argv[1], db);
            server.propagator().rewrite(StreamWords.deletion(server.config().getBool("lazyfree-lazy-expire")), argv[1]);
        } else {
            db.setExpiry(e, when);
            db.signalModified(argv[1]);
            server.notifications().notify(NotifyType.GENERIC, "expire", argv[1], db);
            byte[][] absolute = argv.clone();
            absolute[0] = StreamWords.PEXPIREAT;
            absolute[2] = StreamWords.number(when);
            server.propagator().rewrite(absolute);
        }
        server.stats().dirty++;
        c.reply().integer(1);
    }

    private static int parseFlags(byte[][] argv) {
        int flags = 0;
        for (int i = 3; i < argv.length; i++) {
            byte[] a = argv[i];
            if (Args.is(a, "nx")) {
                flags |= NX;
            } else if (Args.is(a, "xx")) {
                flags |= XX;
            } else if (Args.is(a, "gt")) {
                flags |= GT;
            } else if (Args.is(a, "lt")) {
                flags |= LT;
            } else {
                throw new CommandError("ERR Unsupported option " + Args.cString(a));
            }
        }
        if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
            throw new CommandError("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((flags & (GT | LT)) == (GT | LT)) {
            throw new CommandError("ERR GT and LT options at the same time are not compatible");
        }
        return flags;
    }

    /** NX/XX/GT/LT against the current expiry; no TTL counts as infinite for GT and LT. */
    private static boolean conditionHolds(int flags, long current, long when) {
        boolean hasTtl = current != KeyEntry.NO_EXPIRY;
        if ((flags & NX) != 0 && hasTtl) {
            return false;
        }
        if ((flags & XX) != 0 && !hasTtl) {
            return false;
        }
        if ((flags & GT) != 0 && (!hasTtl || when <= current)) {
            return false;
        }
        return (flags & LT) == 0 || !hasTtl || when < current;
    }

    private static CommandError invalidExpireTime(String command) {
        return new CommandError(Errors.INVALID_EXPIRE_PREFIX + command + "' command");
    }

    private void ttl(Client c, byte[][] argv, boolean millis, boolean absolute) {
        Database db = c.db();
        KeyEntry e = lookup.peek(db, argv[1]);
        if (e == null) {
            c.reply().integer(-2);
            return;
        }
        if (!e.hasExpiry()) {
            c.reply().integer(-1);
            return;
        }
        long ttl = Math.max(0, absolute ? e.expireAt : e.expireAt - db.now());
        c.reply().integer(millis ? ttl : (ttl + 500) / 1000);
    }

    private void persist(Client c, byte[][] argv) {
        Database db = c.db();
        KeyEntry e = lookup.write(db, argv[1]);
        if (e != null && db.persist(e)) {
            db.signalModified(argv[1]);
            server.notifications().notify(NotifyType.GENERIC, "persist", argv[1], db);

            server.stats().dirty++;
            c.reply().integer(1);
        } else {
            c.reply().integer(0);
        }
    }
}
