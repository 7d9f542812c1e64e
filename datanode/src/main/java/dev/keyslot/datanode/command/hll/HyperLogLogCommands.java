package dev.keyslot.datanode.command.hll;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.hll.Hll;
import dev.keyslot.datanode.keyspace.hll.HllFormat;
import dev.keyslot.datanode.keyspace.hll.HllSelfTest;
import dev.keyslot.datanode.keyspace.hll.SparseDecoder;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** PFADD, PFCOUNT, PFMERGE and PFDEBUG over HyperLogLog strings in Redis's exact format, and PFSELFTEST. */
public final class HyperLogLogCommands implements CommandGroup {
    static final String NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";
    static final String CORRUPTED = "INVALIDOBJ Corrupted HLL object detected";

    private final Server server;
    private final TypedLookup lookup;

    public HyperLogLogCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("pfadd", -2, "write denyoom fast", 1, 1, 1, "hyperloglog", this::pfadd).keySpecFlags("RW insert");
        t.add("pfcount", -2, "readonly may_replicate", 1, -1, 1, "hyperloglog", this::pfcount)
                .keySpecs(KeySpec.index(1).range(-1, 1, 0).flags("RW access").notes("RW because it may change the"
                        + " internal representation of the key, and propagate to replicas"));
        t.add("pfmerge", -2, "write denyoom", 1, -1, 1, "hyperloglog", this::pfmerge)
                .keySpecs(KeySpec.index(1).flags("RW access insert"),
                        KeySpec.index(2).range(-1, 1, 0).flags("RO access"));
        t.add("pfdebug", 3, "write denyoom admin", 2, 2, 1, "hyperloglog dangerous", this::pfdebug)
                .keySpecFlags("RW access");
        t.add("pfselftest", 1, "admin", "hyperloglog", this::pfselftest);
    }

    private long sparseMaxBytes() {
        return server.config().getLong("hll-sparse-max-bytes");
    }

    /** The HLL string of an entry; WRONGTYPE for other types and for strings that are no HLL. */
    static byte[] hllValue(KeyEntry e) {
        if (!(e.value instanceof byte[] bytes)) {
            throw Errors.wrongType();
        }
        if (!HllFormat.isValid(bytes)) {
            throw new CommandError(NOT_HLL);
        }
        return bytes;
    }

    /** Stores an edited HLL back into its entry (the string now belongs to it alone). */
    static void store(Database db, KeyEntry e, Hll hll) {
        e.value = hll.bytes();
        e.setRawString(true);
        db.remeasure(e);
    }

    private void pfadd(Client c, byte[][] argv) {
        Database db = c.db();
        KeyEntry e = lookup.write(db, argv[1]);
        Hll hll;
        int updated = 0;
        if (e == null) {
            hll = Hll.empty();
            e = db.add(argv[1], hll.bytes());
            e.setRawString(true);
            updated++;
        } else {
            hll = Hll.edit(hllValue(e), e.rawString());
        }
        long maxBytes = sparseMaxBytes();
        for (int j = 2; j < argv.length; j++) {
            int result = hll.add(argv[j], maxBytes);
            if (result < 0) {
                store(db, e, hll);
                throw new CommandError(CORRUPTED);
            }
            updated += result;
        }
        if (updated > 0) {
            hll.invalidateCache();
            store(db, e, hll);
            db.signalModified(argv[1]);
            server.notifications().notify(NotifyType.STRING, "pfadd", argv[1], db);
            server.stats().dirty += updated;
        }
        c.reply().integer(updated > 0 ? 1 : 0);
    }

    private void pfcount(Client c, byte[][] argv) {
        Database db = c.db();
        if (argv.length > 2) {
            byte[] max = Hll.newRegisters();
            for (int j = 1; j < argv.length; j++) {
                KeyEntry e = lookup.read(db, argv[j]);
                if (e != null && !Hll.mergeInto(hllValue(e), max)) {
                    throw new CommandError(CORRUPTED);
                }
            }
            c.reply().integer(Hll.count(max));
            return;
        }
        KeyEntry e = lookup.read(db, argv[1]);
        if (e == null) {
            c.reply().integer(0);
            return;
        }
        Hll hll = Hll.edit(hllValue(e), e.rawString());
        long card = hll.cachedCardinality();
        if (card < 0) {
            card = hll.count();
            if (card < 0) {
                throw new CommandError(CORRUPTED);
            }
            hll.storeCardinality(card);
            store(db, e, hll);
            db.signalModified(argv[1]);
            server.stats().dirty++;
        }
        c.reply().integer(card);
    }

    private void pfmerge(Client c, byte[][] argv) {
        Database db = c.db();
        byte[] max = Hll.newRegisters();
        boolean dense = false;
        for (int j = 1; j < argv.length; j++) {
            KeyEntry e = lookup.read(db, argv[j]);
            if (e == null) {
                continue;
            }
            byte[] value = hllValue(e);
            dense |= HllFormat.isDense(value);
            if (!Hll.mergeInto(value, max)) {
                throw new CommandError(CORRUPTED);
            }
        }
        KeyEntry e = lookup.write(db, argv[1]);
        Hll hll;
        if (e == null) {
            hll = Hll.empty();
            e = db.add(argv[1], hll.bytes());
        } else {
            hll = Hll.edit((byte[]) e.value, e.rawString());
        }
        if (dense && !hll.toDense()) {
            throw new CommandError(CORRUPTED);
        }
        long maxBytes = sparseMaxBytes();
        for (int j = 0; j < max.length; j++) {
            if (max[j] != 0) {
                hll.raise(j, max[j], maxBytes);
            }
        }
        hll.invalidateCache();
        store(db, e, hll);
        db.signalModified(argv[1]);
        server.notifications().notify(NotifyType.STRING, "pfadd", argv[1], db);
        server.stats().dirty++;
        c.reply().ok();
    }

    private void pfselftest(Client c, byte[][] argv) {
        String failure = HllSelfTest.run(sparseMaxBytes());
        if (failure != null) {
            throw new CommandError(failure);
        }
        c.reply().ok();
    }

    /** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key. */
    private void pfdebug(Client c, byte[][] argv) {
        Database db = c.db();
        KeyEntry e = lookup.write(db, argv[2]);
        if (e == null) {
            throw new CommandError("ERR The specified key does not exist");
        }
        byte[] value = hllValue(e);
        if (Args.is(argv[1], "getreg")) {
            Hll hll = Hll.edit(value, e.rawString());
            convertToDense(db, e, hll);
            Reply r = c.reply();
            r.arrayHeader(Hll.REGISTER_COUNT);
            for (int j = 0; j < Hll.REGISTER_COUNT; j++) {
                r.integer(hll.denseRegister(j));
            }
        } else if (Args.is(argv[1], "decode")) {
            if (HllFormat.isDense(value)) {
                throw new CommandError("ERR HLL encoding is not sparse");
            }
            c.reply().bulk(Args.bytes(SparseDecoder.decode(value)));
        } else if (Args.is(argv[1], "encoding")) {
            c.reply().simple(HllFormat.isDense(value) ? "dense" : "sparse");
        } else if (Args.is(argv[1], "todense")) {
            c.reply().integer(convertToDense(db, e, Hll.edit(value, e.rawString())) ? 1 : 0);
        } else {
            throw new CommandError("ERR Unknown PFDEBUG subcommand '" + Args.cString(argv[1]) + "'");
        }
    }

    /** Makes a stored HLL dense (counted as a change, not signalled, like Redis); true when it was sparse. */
    private boolean convertToDense(Database db, KeyEntry e, Hll hll) {
        if (hll.isDense()) {
            return false;
        }
        if (!hll.toDense()) {
            throw new CommandError(CORRUPTED);
        }
        store(db, e, hll);
        server.stats().dirty++;
        return true;
    }
}
