package dev.keyslot.datanode.command.set;

import dev.keyslot.datanode.command.KeyFinders;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.command.scan.CollectionScan;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.set.SetValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/**
 * Set commands on single keys; SPOP/SRANDMEMBER live in {@link SetRandom} and the multi-key algebra
 * (SINTER, SUNION, SDIFF and their STORE forms, SMEMBERS) in {@link SetAlgebra}.
 */
public final class SetCommands implements CommandGroup {
    private final Server server;
    private final TypedLookup lookup;
    private final SetWriter writer;

    public SetCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
        this.writer = new SetWriter(server, lookup);
    }

    @Override
    public void register(CommandTable t) {
        SetAlgebra algebra = new SetAlgebra(server, lookup, writer);
        SetRandom random = new SetRandom(server, lookup, writer, algebra);
        t.add("sadd", -3, "write denyoom fast", 1, 1, 1, "set", this::sadd).keySpecFlags("RW insert");
        t.add("srem", -3, "write fast", 1, 1, 1, "set", this::srem).keySpecFlags("RW delete");
        t.add("smove", 4, "write fast", 1, 2, 1, "set", this::smove)
                .keySpecs(KeySpec.index(1).flags("RW access delete"), KeySpec.index(2).flags("RW insert"));
        t.add("sismember", 3, "readonly fast", 1, 1, 1, "set", this::sismember).keySpecFlags("RO");
        t.add("smismember", -3, "readonly fast", 1, 1, 1, "set", this::smismember).keySpecFlags("RO access");
        t.add("scard", 2, "readonly fast", 1, 1, 1, "set", this::scard).keySpecFlags("RO");
        t.add("sscan", -3, "readonly", 1, 1, 1, "set", this::sscan).keySpecFlags("RO access")
                .tips("nondeterministic_output");
        t.add("spop", -2, "write fast", 1, 1, 1, "set", random::spop).keySpecFlags("RW access delete")
                .tips("nondeterministic_output");
        t.add("srandmember", -2, "readonly", 1, 1, 1, "set", random::srandmember).keySpecFlags("RO access")
                .tips("nondeterministic_output");
        t.add("smembers", 2, "readonly", 1, 1, 1, "set", algebra::sinter).keySpecFlags("RO access")
                .tips("nondeterministic_output_order");
        t.add("sinter", -2, "readonly", 1, -1, 1, "set", algebra::sinter).keySpecFlags("RO access")
                .tips("nondeterministic_output_order");
        t.add("sintercard", -3, "readonly movablekeys", 0, 0, 0, "set", algebra::sintercard)
                .keysFoundBy(KeyFinders.numkeysAt(1)).keySpecs(KeySpec.index(1).keynum(0, 1, 1).flags("RO access"));
        t.add("sinterstore", -3, "write denyoom", 1, -1, 1, "set", algebra::sinterstore)
                .keySpecs(KeySpec.index(1).flags("RW update"), KeySpec.index(2).range(-1, 1, 0).flags("RO access"));
        t.add("sunion", -2, "readonly", 1, -1, 1, "set", algebra::sunion).keySpecFlags("RO access")
                .tips("nondeterministic_output_order");
        t.add("sunionstore", -3, "write denyoom", 1, -1, 1, "set", algebra::sunionstore)
                .keySpecs(KeySpec.index(1).flags("OW update"), KeySpec.index(2).range(-1, 1, 0).flags("RO access"));
        t.add("sdiff", -2, "readonly", 1, -1, 1, "set", algebra::sdiff).keySpecFlags("RO access")
                .tips("nondeterministic_output_order");
        t.add("sdiffstore", -3, "write denyoom", 1, -1, 1, "set", algebra::sdiffstore)
                .keySpecs(KeySpec.index(1).flags("OW update"), KeySpec.index(2).range(-1, 1, 0).flags("RO access"));
    }

    private SetValue read(Client c, byte[] key) {
        return lookup.value(c.db(), key, ValueType.SET);
    }

    private void sadd(Client c, byte[][] argv) {
        Database db = c.db();
        KeyEntry e = writer.writable(db, argv[1]);
        SetValue s = e == null ? SetValue.createFor(argv[2]) : (SetValue) e.value;
        long added = 0;
        long maxIntset = writer.maxIntsetEntries();
        for (int i = 2; i < argv.length; i++) {
            if (s.add(argv[i], maxIntset)) {
                added++;
            }
        }
        if (e == null) {
            db.add(argv[1], s);
        } else if (added > 0) {
            db.signalModified(argv[1]);
        }
        if (added > 0) {
            writer.notify(NotifyType.SET, "sadd", argv[1], db);
        }
        server.stats().dirty += added;
        c.reply().integer(added);
    }

    private void srem(Client c, byte[][] argv) {
        Database db = c.db();
        KeyEntry e = writer.writable(db, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        SetValue s = (SetValue) e.value;
        long removed = 0;
        for (int i = 2; i < argv.length && s.size() > 0; i++) {
            if (s.remove(argv[i])) {
                removed++;
            }
        }
        if (removed > 0) {
            writer.removedFrom(db, argv[1], s, "srem");
            server.stats().dirty += removed;
        }
        c.reply().integer(removed);
    }

    /** SMOVE source destination member. */
    private void smove(Client c, byte[][] argv) {
        Database db = c.db();
        KeyEntry src = db.lookup(argv[1]);
        KeyEntry dst = db.lookup(argv[2]);
        if (src == null) {
            c.reply().integer(0);
            return;
        }
        if (!(src.value instanceof SetValue) || (dst != null && !(dst.value instanceof SetValue))) {
            throw Errors.wrongType();
        }
        SetValue from = (SetValue) src.value;
        if (src == dst) {
            c.reply().integer(from.contains(argv[3]) ? 1 : 0);
            return;
        }
        if (!from.remove(argv[3])) {
            c.reply().integer(0);
            return;
        }
        writer.removedFrom(db, argv[1], from, "srem");
        server.stats().dirty++;
        SetValue to = dst == null ? SetValue.createFor(argv[3]) : (SetValue) dst.value;
        if (to.add(argv[3], writer.maxIntsetEntries())) {
            server.stats().dirty++;
            if (dst == null) {
                db.add(argv[2], to);
            } else {
                db.signalModified(argv[2]);
            }
            writer.notify(NotifyType.SET, "sadd", argv[2], db);

        }
        c.reply().integer(1);
    }

    private void sismember(Client c, byte[][] argv) {
        SetValue s = read(c, argv[1]);
        c.reply().integer(s != null && s.contains(argv[2]) ? 1 : 0);
    }

    private void smismember(Client c, byte[][] argv) {
        SetValue s = read(c, argv[1]);
        Reply r = c.reply();
        r.arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            r.integer(s != null && s.contains(argv[i]) ? 1 : 0);
        }
    }

    private void scard(Client c, byte[][] argv) {
        SetValue s = read(c, argv[1]);
        c.reply().integer(s == null ? 0 : s.size());
    }

    /** SSCAN key cursor [MATCH pattern] [COUNT count]: an intset is returned whole with cursor 0. */
    private void sscan(Client c, byte[][] argv) {
        long cursor = CollectionScan.parseCursor(argv[2]);
        SetValue s = read(c, argv[1]);
        if (s == null) {
            CollectionScan.replyEmpty(c.reply());
            return;
        }
        CollectionScan scan = CollectionScan.parse(argv, false);
        if (s.isIntset()) {
            s.forEach(scan::add);
            cursor = 0;
        } else {
            long steps = scan.maxSteps();
            do {
                cursor = s.scan(cursor, scan::add);
            } while (cursor != 0 && steps-- != 0 && !scan.hasEnough());
        }
        scan.reply(c.reply(), cursor);
    }
}
