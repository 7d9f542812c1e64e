package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** Commands on parts of a string: APPEND, STRLEN, GETRANGE (SUBSTR) and SETRANGE. */
final class RangeCommands implements CommandGroup {
    private static final byte[] EMPTY = new byte[0];

    private final Server server;
    private final TypedLookup lookup;

    RangeCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("append", 3, "write denyoom fast", 1, 1, 1, "string", this::append).keySpecFlags("RW insert");
        t.add("strlen", 2, "readonly fast", 1, 1, 1, "string", this::strlen).keySpecFlags("RO");
        t.add("getrange", 4, "readonly", 1, 1, 1, "string", this::getrange).keySpecFlags("RO access");
        t.add("substr", 4, "readonly", 1, 1, 1, "string", this::getrange).keySpecFlags("RO access");
        t.add("setrange", 4, "write denyoom", 1, 1, 1, "string", this::setrange).keySpecFlags("RW update");
    }

    private void append(Client c, byte[][] argv) {
        Database db = c.db();
        KeyEntry e = lookup.write(db, argv[1], ValueType.STRING);
        long length;
        if (e == null) {
            db.add(argv[1], argv[2]);
            length = argv[2].length;
        } else {
            byte[] current = (byte[]) e.value;
            byte[] tail = argv[2];
            OwnedStrings.checkLength(current.length, tail.length, server.maxBulkLength());
            byte[] joined = OwnedStrings.allocate((long) current.length + tail.length);
            System.arraycopy(current, 0, joined, 0, current.length);
            System.arraycopy(tail, 0, joined, current.length, tail.length);
            db.set(argv[1], joined, true).setRawString(true);
            length = joined.length;
        }
        server.notifications().notify(NotifyType.STRING, "append", argv[1], db);
        server.stats().dirty++;
        c.reply().integer(length);
    }

    private void strlen(Client c, byte[][] argv) {
        byte[] v = lookup.string(c.db(), argv[1]);
        c.reply().integer(v == null ? 0 : v.length);
    }

    private void getrange(Client c, byte[][] argv) {
        long start = Args.toLong(argv[2]);
        long end = Args.toLong(argv[3]);
        byte[] v = lookup.string(c.db(), argv[1]);
        if (v == null || (start < 0 && end < 0 && start > end)) {
            c.reply().bulk(EMPTY);
            return;
        }
        long length = v.length;
        if (start < 0) {
            start = Math.max(0, length + start);
        }
        if (end < 0) {
            end = Math.max(0, length + end);
        }
        if (end >= length) {
            end = length - 1;
        }
        if (start > end || length == 0) {
            c.reply().bulk(EMPTY);
        } else {
            c.reply().bulk(v, (int) start, (int) (end - start + 1));
        }
    }

    private void setrange(Client c, byte[][] argv) {
        long offset = Args.toLong(argv[2]);
        if (offset < 0) {
            throw new CommandError("ERR offset is out of range");
        }
        byte[] patch = argv[3];
        Database db = c.db();
        KeyEntry e = lookup.write(db, argv[1], ValueType.STRING);
        if (e == null) {
            if (patch.length == 0) {
                c.reply().integer(0);
                return;
            }
            OwnedStrings.checkLength(offset, patch.length, server.maxBulkLength());
            byte[] created = OwnedStrings.allocate(offset + patch.length);
            System.arraycopy(patch, 0, created, (int) offset, patch.length);
            db.add(argv[1], created).setRawString(true);
            server.notifications().notify(NotifyType.STRING, "setrange", argv[1], db);
            server.stats().dirty++;
            c.reply().integer(created.length);
            return;
        }
        if (patch.length == 0) {
            c.reply().integer(((byte[]) e.value).length);
            return;
        }
        OwnedStrings.checkLength(offset, patch.length, server.maxBulkLength());
        byte[] owned = OwnedStrings.own(e, offset + patch.length);
        System.arraycopy(patch, 0, owned, (int) offset, patch.length);
        db.signalModified(argv[1]);
        server.notifications().notify(NotifyType.STRING, "setrange", argv[1], db);
        server.stats().dirty++;
        c.reply().integer(owned.length);

    }
}
