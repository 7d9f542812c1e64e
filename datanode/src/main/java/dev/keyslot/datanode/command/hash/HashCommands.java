package dev.keyslot.datanode.command.hash;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.command.scan.CollectionScan;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.hash.HashValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** Hash commands; HINCRBY* live in {@link HashIncrements} and HRANDFIELD in {@link HashRandomField}. */
public final class HashCommands implements CommandGroup {
    private final Server server;
    private final TypedLookup lookup;
    private final HashWriter writer;

    public HashCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
        this.writer = new HashWriter(server, lookup);
    }

    @Override
    public void register(CommandTable t) {
        HashIncrements increments = new HashIncrements(server, writer);
        HashRandomField random = new HashRandomField(lookup);
        t.add("hset", -4, "write denyoom fast", 1, 1, 1, "hash", this::hset).keySpecFlags("RW update");
        t.add("hmset", -4, "write denyoom fast", 1, 1, 1, "hash", this::hset).keySpecFlags("RW update");
        t.add("hsetnx", 4, "write denyoom fast", 1, 1, 1, "hash", this::hsetnx).keySpecFlags("RW insert");
        t.add("hget", 3, "readonly fast", 1, 1, 1, "hash", this::hget).keySpecFlags("RO access");
        t.add("hmget", -3, "readonly fast", 1, 1, 1, "hash", this::hmget).keySpecFlags("RO access");
        t.add("hgetall", 2, "readonly", 1, 1, 1, "hash", this::hgetall).keySpecFlags("RO access")
                .tips("nondeterministic_output_order");
        t.add("hkeys", 2, "readonly", 1, 1, 1, "hash", this::hkeys).keySpecFlags("RO access")
                .tips("nondeterministic_output_order");
        t.add("hvals", 2, "readonly", 1, 1, 1, "hash", this::hvals).keySpecFlags("RO access")
                .tips("nondeterministic_output_order");
        t.add("hdel", -3, "write fast", 1, 1, 1, "hash", this::hdel).keySpecFlags("RW delete");
        t.add("hexists", 3, "readonly fast", 1, 1, 1, "hash", this::hexists).keySpecFlags("RO");
        t.add("hlen", 2, "readonly fast", 1, 1, 1, "hash", this::hlen).keySpecFlags("RO");
        t.add("hstrlen", 3, "readonly fast", 1, 1, 1, "hash", this::hstrlen).keySpecFlags("RO");
        t.add("hincrby", 4, "write denyoom fast", 1, 1, 1, "hash", increments::hincrby)
                .keySpecFlags("RW access update");
        t.add("hincrbyfloat", 4, "write denyoom fast", 1, 1, 1, "hash", increments::hincrbyfloat)
                .keySpecFlags("RW access update");
        t.add("hscan", -3, "readonly", 1, 1, 1, "hash", this::hscan).keySpecFlags("RO access")
                .tips("nondeterministic_output");
        t.add("hrandfield", -2, "readonly", 1, 1, 1, "hash", random::hrandfield).keySpecFlags("RO access")
                .tips("nondeterministic_output");
    }

    private HashValue read(Client c, byte[] key) {
        return lookup.value(c.db(), key, ValueType.HASH);
    }

    /** HSET key field value [field value ...] and the deprecated HMSET, which replies OK. */
    private void hset(Client c, byte[][] argv) {
        if (argv.length % 2 == 1) {
            throw Errors.wrongArity(Args.lower(argv[0]));
        }
        Database db = c.db();
        KeyEntry e = writer.writable(db, argv[1]);
        HashValue h = e == null ? new HashValue() : (HashValue) e.value;
        long created = 0;
        for (int i = 2; i < argv.length; i += 2) {
            if (writer.set(h, argv[i], argv[i + 1])) {
                created++;
            }
        }
        writer.written(db, argv[1], e, h, "hset");
        server.stats().dirty += (argv.length - 2) / 2;
        if (argv[0][1] == 's' || argv[0][1] == 'S') {
            c.reply().integer(created);
        } else {
            c.reply().ok();
        }
    }

    private void hsetnx(Client c, byte[][] argv) {
        Database db = c.db();
        KeyEntry e = writer.writable(db, argv[1]);
        HashValue h = e == null ? new HashValue() : (HashValue) e.value;
        if (h.contains(argv[2])) {
            c.reply().integer(0);
            return;
        }
        writer.set(h, argv[2], argv[3]);
        writer.written(db, argv[1], e, h, "hset");
        server.stats().dirty++;
        c.reply().integer(1);
    }

    private void hget(Client c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        bulkOrNull(c.reply(), h == null ? null : h.get(argv[2]));
    }

    private void hmget(Client c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        Reply r = c.reply();
        r.arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) {
            bulkOrNull(r, h == null ? null : h.get(argv[i]));
        }
    }

    private static void bulkOrNull(Reply r, byte[] value) {
        if (value == null) {
            r.nullBulk();
        } else {
            r.bulk(value);
        }
    }

    private void hgetall(Client c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        Reply r = c.reply();
        if (h == null) {
            r.mapHeader(0);
            return;
        }
        r.mapHeader(h.size());
        h.forEach((field, value) -> {
            r.bulk(field);
            r.bulk(value);
        });
    }

    private void hkeys(Client c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        Reply r = c.reply();
        if (h == null) {
            r.emptyArray();
            return;
        }
        r.arrayHeader(h.size());
        h.forEach((field, value) -> r.bulk(field));
    }

    private void hvals(Client c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        Reply r = c.reply();
        if (h == null) {
            r.emptyArray();
            return;
        }
        r.arrayHeader(h.size());
        h.forEach((field, value) -> r.bulk(value));
    }

    private void hdel(Client c, byte[][] argv) {
        Database db = c.db();
        KeyEntry e = writer.writable(db, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        HashValue h = (HashValue) e.value;
        long deleted = 0;
        for (int i = 2; i < argv.length; i++) {
            if (h.delete(argv[i])) {
                deleted++;
                if (h.size() == 0) {
                    break;
                }
            }
        }
        if (deleted > 0) {
            boolean removed = h.size() == 0;
            if (removed) {
                db.delete(argv[1]);
            } else {
                db.signalModified(argv[1]);
            }
            server.notifications().notify(NotifyType.HASH, "hdel", argv[1], db);
            if (removed) {
                server.notifications().notify(NotifyType.GENERIC, "del", argv[1], db);
            }

            server.stats().dirty += deleted;
        }
        c.reply().integer(deleted);
    }

    private void hexists(Client c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        c.reply().integer(h != null && h.contains(argv[2]) ? 1 : 0);
    }

    private void hlen(Client c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        c.reply().integer(h == null ? 0 : h.size());
    }

    private void hstrlen(Client c, byte[][] argv) {
        HashValue h = read(c, argv[1]);
        byte[] v = h == null ? null : h.get(argv[2]);
        c.reply().integer(v == null ? 0 : v.length);
    }

    /** HSCAN key cursor [MATCH pattern] [COUNT count]: a listpack is returned whole with cursor 0. */
    private void hscan(Client c, byte[][] argv) {
        long cursor = CollectionScan.parseCursor(argv[2]);
        HashValue h = read(c, argv[1]);
        if (h == null) {
            CollectionScan.replyEmpty(c.reply());
            return;
        }
        CollectionScan scan = CollectionScan.parse(argv, true);
        if (h.isListpack()) {
            h.forEach(scan::addPair);
            cursor = 0;
        } else {
            long steps = scan.maxSteps();
            do {
                cursor = h.scan(cursor, scan::addPair);
            } while (cursor != 0 && steps-- != 0 && !scan.hasEnough());
        }
        scan.reply(c.reply(), cursor);
    }
}
