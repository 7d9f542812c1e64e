package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.Arrays;

/** Commands that give a value another name or database: RENAME RENAMENX MOVE COPY. */
public final class RenameCommands implements CommandGroup {
    static final String SAME_OBJECT = "ERR source and destination objects are the same";

    private final Server server;
    private final TypedLookup lookup;

    public RenameCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("rename", 3, "write", 1, 2, 1, "keyspace", (c, argv) -> rename(c, argv, false))
                .keySpecs(KeySpec.index(1).flags("RW access delete"), KeySpec.index(2).flags("OW update"));
        t.add("renamenx", 3, "write fast", 1, 2, 1, "keyspace", (c, argv) -> rename(c, argv, true))
                .keySpecs(KeySpec.index(1).flags("RW access delete"), KeySpec.index(2).flags("OW insert"));
        t.add("move", 3, "write fast", 1, 1, 1, "keyspace", this::move).keySpecFlags("RW access update");
        t.add("copy", -3, "write denyoom", 1, 2, 1, "keyspace", this::copy)
                .keySpecs(KeySpec.index(1).flags("RO access"), KeySpec.index(2).flags("OW update"));
    }

    private void rename(Client c, byte[][] argv, boolean nx) {
        Database db = c.db();
        KeyEntry src = lookup.write(db, argv[1]);
        if (src == null) {
            throw new CommandError(Errors.NO_SUCH_KEY);
        }
        if (Arrays.equals(argv[1], argv[2])) {
            if (nx) {
                c.reply().integer(0);
            } else {
                c.reply().ok();
            }
            return;
        }
        KeyEntry replaced = lookup.write(db, argv[2]);
        if (replaced != null) {
            if (nx) {
                c.reply().integer(0);
                return;
            }
            db.removeEntry(replaced);
            server.lazyFree().serverDeleted(replaced.value);
        }
        // The value object moves as is: TTL, access data and encoding stay with it.
        db.insertEntryUnsignalled(withMetadataOf(argv[2], src.value, src, src.lru));
        db.removeEntry(src);
        // Signalled once both moved, source first, as Redis does: trackers hear of them in that order. The
        // blocked clients these ready come out in Redis's order too: the destination is readied by its creation.
        db.signalModified(argv[1]);
        db.signalModified(argv[2]);
        server.notifications().notify(NotifyType.GENERIC, "rename_from", argv[1], db);
        server.notifications().notify(NotifyType.GENERIC, "rename_to", argv[2], db);
        server.stats().dirty++;
        replyDone(c, nx);
    }

    private static void replyDone(Client c, boolean nx) {
        if (nx) {
            c.reply().integer(1);
        } else {
            c.reply().ok();
        }
    }

    private void move(Client c, byte[][] argv) {
        if (server.cluster() != null) {
            throw new CommandError("ERR MOVE is not allowed in cluster mode");
        }
        Database src = c.db();
        Database dst = database(c, Args.toInt(argv[2]));
        if (src == dst) {
            throw new CommandError(SAME_OBJECT);
        }
        KeyEntry e = lookup.write(src, argv[1]);
        if (e == null || lookup.write(dst, argv[1]) != null) {
            c.reply().integer(0);
            return;
        }
        src.removeEntry(e);
        dst.insertEntry(e);
        src.signalModified(argv[1]);
        server.notifications().notify(NotifyType.GENERIC, "move_from", argv[1], src);
        server.notifications().notify(NotifyType.GENERIC, "move_to", argv[1], dst);
        server.stats().dirty++;
        c.reply().integer(1);
    }

    /** COPY source destination [DB destination-db] [REPLACE]. */
    private void copy(Client c, byte[][] argv) {
        Database src = c.db();
        Database dst = src;
        boolean replace = false;
        for (int i = 3; i < argv.length; i++) {
            if (Args.is(argv[i], "replace")) {
                replace = true;
            } else if (Args.is(argv[i], "db") && i + 1 < argv.length) {
                dst = database(c, Args.toInt(argv[++i]));
            } else {
                throw Errors.syntax();
            }
        }
        if (server.cluster() != null && (src.id() != 0 || dst.id() != 0)) {
            throw new CommandError("ERR Copying to another database is not allowed in cluster mode");
        }
        if (src == dst && Arrays.equals(argv[1], argv[2])) {
            throw new CommandError(SAME_OBJECT);
        }
        KeyEntry e = lookup.read(src, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        if (lookup.write(dst, argv[2]) != null) {
            if (!replace) {
                c.reply().integer(0);
                return;
            }
            server.lazyFree().serverDeleted(dst.remove(argv[2]).value);
        }
        Object value = e.value instanceof RedisValue v ? v.copy() : ((byte[]) e.value).clone();
        // A duplicate is a new object: it keeps the TTL and encoding but starts a fresh access history.
        KeyEntry copy = withMetadataOf(argv[2], value, e, dst.access().initial(dst.now()));
        copy.setPrivateInteger(value instanceof byte[]);
        dst.insertEntry(copy);
        server.notifications().notify(NotifyType.GENERIC, "copy_to", argv[2], dst);
        server.stats().dirty++;

        c.reply().integer(1);
    }

    private Database database(Client c, int index) {
        if (index < 0 || index >= server.keyspace().count()) {
            throw new CommandError(Errors.DB_INDEX);
        }
        return server.keyspace().db(index);
    }

    private static KeyEntry withMetadataOf(byte[] key, Object value, KeyEntry from, int lru) {
        KeyEntry e = new KeyEntry(key, value);
        e.expireAt = from.expireAt;
        e.copyStringFlags(from);
        e.lru = lru;
        return e;
    }
}
