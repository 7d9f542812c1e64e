package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.keyspace.stream.StreamValue;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM and XSETID. */
public final class StreamCommands implements CommandGroup {
    private static final String TOO_LARGE = "ERR Elements are too large to be stored";

    private final Server server;
    private final StreamAccess streams;

    public StreamCommands(Server server) {
        this.server = server;
        this.streams = new StreamAccess(server);
    }

    @Override
    public void register(CommandTable t) {
        t.add("xadd", -5, "write denyoom fast", 1, 1, 1, "stream", this::xadd)
                .tips("nondeterministic_output")
                .keySpecs(KeySpec.index(1).flags("RW update")
                        .notes("UPDATE instead of INSERT because of the optional trimming feature"));
        t.add("xrange", -4, "readonly", 1, 1, 1, "stream", (c, argv) -> range(c, argv, false))
                .keySpecFlags("RO access");
        t.add("xrevrange", -4, "readonly", 1, 1, 1, "stream", (c, argv) -> range(c, argv, true))
                .keySpecFlags("RO access");
        t.add("xlen", 2, "readonly fast", 1, 1, 1, "stream", this::xlen).keySpecFlags("RO");
        t.add("xdel", -3, "write fast", 1, 1, 1, "stream", this::xdel).keySpecFlags("RW delete");
        t.add("xtrim", -4, "write", 1, 1, 1, "stream", this::xtrim)
                .tips("nondeterministic_output").keySpecFlags("RW delete");
        t.add("xsetid", -3, "write denyoom fast", 1, 1, 1, "stream", this::xsetid).keySpecFlags("RW update");
    }

    private long nodeMaxEntries() {
        return server.config().getLong("stream-node-max-entries");
    }

    /** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...]. */
    private void xadd(Client c, byte[][] argv) {
        TrimArgs a = TrimArgs.parse(argv, true, nodeMaxEntries(), c.mustObey());
        int fieldPos = a.idIndex + 1;
        int rest = argv.length - fieldPos;
        if (rest < 2 || rest % 2 == 1) {
            throw Errors.wrongArity("xadd");
        }
        if (a.id != null && a.id.seqGiven() && a.id.id().isZero()) {
            throw new CommandError("ERR The ID specified in XADD must be greater than 0-0");
        }
        byte[] key = argv[1];
        Database db = c.db();
        StreamValue s = streams.write(c, key);
        if (s == null) {
            if (a.noMkStream) {
                c.reply().nullBulk();
                return;
            }
            s = new StreamValue();
            db.addUnsignalled(key, s);
        }
        if (s.lastId().equals(StreamId.MAX)) {
            throw new CommandError("ERR The stream has exhausted the last possible ID, unable to add more items");
        }
        if (a.id != null && !a.id.seqGiven() && a.id.id().ms() == s.lastId().ms() && s.lastId().seq() == -1L) {
            // Redis fails this case without setting errno, so it reports the size error.
            throw new CommandError(TOO_LARGE);
        }
        StreamId id = s.nextId(a.id == null ? null : a.id.id(), a.id == null || a.id.seqGiven(), StreamAccess.now());
        if (id == null) {
            throw new CommandError("ERR The ID specified in XADD is equal or smaller than the target stream top item");
        }
        int numFields = rest / 2;
        if (!StreamValue.fits(argv, fieldPos, numFields)) {
            throw new CommandError(TOO_LARGE);
        }
        s.append(id, argv, fieldPos, numFields, server.config().getLong("stream-node-max-bytes"), nodeMaxEntries());
        c.reply().bulk(id.toBytes());
        db.signalModified(key);
        streams.notify(c, "xadd", key);
        streams.dirty(1);
        if (a.trims() && a.apply(s) > 0) {
            streams.notify(c, "xtrim", key);
        }
        // Replicas and the AOF get the generated ID and an exact trim, so they end with the same stream.
        boolean generatedId = a.id == null || !a.id.seqGiven();
        if (generatedId || (a.trims() && a.approx)) {
            byte[][] propagated = argv.clone();
            if (generatedId) {
                propagated[a.idIndex] = id.toBytes();
            }
            if (a.trims() && a.approx) {
                a.makeExact(propagated, s);
            }
            server.propagator().rewrite(propagated);
        }
    }

    /** XRANGE key start end [COUNT n] and XREVRANGE key end start [COUNT n]. */
    private void range(Client c, byte[][] argv, boolean reverse) {
        StreamId start = StreamIdArgs.parseStart(reverse ? argv[3] : argv[2]);
        StreamId end = StreamIdArgs.parseEnd(reverse ? argv[2] : argv[3]);
        long count = -1;
        for (int j = 4; j < argv.length; j++) {
            if (Args.is(argv[j], "count") && j + 1 < argv.length) {
                count = Math.max(0, Args.toLong(argv[j + 1]));
                j++;
            } else {
                throw Errors.syntax();
            }
        }
        StreamValue s = streams.read(c, argv[1]);
        if (s == null) {
            c.reply().emptyArray();
        } else if (count == 0) {
            c.reply().nullArray();
        } else {
            StreamReplies.range(c.reply(), s, start, end, count == -1 ? 0 : count, reverse);
        }
    }

    private void xlen(Client c, byte[][] argv) {
        StreamValue s = streams.read(c, argv[1]);
        c.reply().integer(s == null ? 0 : s.length());
    }

    private void xdel(Client c, byte[][] argv) {
        StreamValue s = streams.write(c, argv[1]);
        if (s == null) {
            c.reply().integer(0);
            return;
        }
        StreamId[] ids = new StreamId[argv.length - 2];
        for (int j = 2; j < argv.length; j++) {
            ids[j - 2] = StreamIdArgs.parseStrict(argv[j]);
        }
        int deleted = 0;
        boolean firstDeleted = false;
        for (StreamId id : ids) {
            if (s.delete(id)) {
                firstDeleted |= id.equals(s.firstId());
                s.noteDeleted(id);
                deleted++;
            }
        }
        if (deleted > 0) {
            if (s.length() == 0 || firstDeleted) {
                s.refreshFirstId();
            }
            c.db().signalModified(argv[1]);
            streams.notify(c, "xdel", argv[1]);
            streams.dirty(deleted);
        }
        c.reply().integer(deleted);
    }

    private void xtrim(Client c, byte[][] argv) {
        TrimArgs a = TrimArgs.parse(argv, false, nodeMaxEntries(), c.mustObey());
        StreamValue s = streams.write(c, argv[1]);
        if (s == null) {
            c.reply().integer(0);
            return;
        }
        long deleted = a.apply(s);
        if (deleted > 0) {
            streams.notify(c, "xtrim", argv[1]);
            c.db().signalModified(argv[1]);
            streams.dirty(deleted);
            if (a.approx) {
                byte[][] propagated = argv.clone();
                a.makeExact(propagated, s);
                server.propagator().rewrite(propagated);
            }
        }
        c.reply().integer(deleted);
    }

    /** XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]. */
    private void xsetid(Client c, byte[][] argv) {
        StreamId id = StreamIdArgs.parseStrict(argv[2]);
        StreamId maxDeleted = StreamId.MIN;
        long entriesAdded = -1;
        for (int i = 3; i < argv.length; i += 2) {
            boolean more = i + 1 < argv.length;
            if (Args.is(argv[i], "entriesadded") && more) {
                entriesAdded = Args.toLong(argv[i + 1]);
                if (entriesAdded < 0) {
                    throw new CommandError("ERR entries_added must be positive");
                }
            } else if (Args.is(argv[i], "maxdeletedid") && more) {
                maxDeleted = StreamIdArgs.parseStrict(argv[i + 1]);
                if (id.compareTo(maxDeleted) < 0) {
                    throw new CommandError(
                            "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
            } else {
                throw Errors.syntax();
            }
        }
        StreamValue s = streams.write(c, argv[1]);
        if (s == null) {
            throw new CommandError(Errors.NO_SUCH_KEY);
        }
        if (s.length() > 0) {
            if (id.compareTo(s.lastLiveId()) < 0) {
                throw new CommandError("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && Long.compareUnsigned(s.length(), entriesAdded) > 0) {
                throw new CommandError(
                        "ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        s.setLastId(id);
        if (entriesAdded != -1) {
            s.setEntriesAdded(entriesAdded);
        }
        if (!maxDeleted.isZero()) {
            s.setMaxDeletedId(maxDeleted);
        }
        c.reply().ok();
        streams.dirty(1);
        streams.notify(c, "xsetid", argv[1]);
    }
}
