package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.propagation.StreamWords;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandHandler;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.AccessTracker;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.persistence.rdb.DumpPayload;
import dev.keyslot.datanode.persistence.rdb.RdbErrorLine;
import dev.keyslot.datanode.persistence.rdb.RdbFormatException;
import dev.keyslot.datanode.persistence.rdb.RdbValues;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** DUMP and RESTORE (and RESTORE-ASKING, which MIGRATE sends in cluster mode) in Redis's payload format. */
public final class DumpRestoreCommands implements CommandGroup {
    private final Server server;
    private final TypedLookup lookup;
    private final DumpPayload payloads;

    public DumpRestoreCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
        this.payloads = new DumpPayload(RdbValues.standard(server.config()));
    }

    @Override
    public void register(CommandTable t) {
        t.add("dump", 2, "readonly", 1, 1, 1, "keyspace", this::dump).keySpecFlags("RO access")
                .tips("nondeterministic_output");
        CommandHandler restore = this::restore;
        t.add("restore", -4, "write denyoom", 1, 1, 1, "keyspace dangerous", restore).keySpecFlags("OW update");
        t.add("restore-asking", -4, "write denyoom asking", 1, 1, 1, "keyspace dangerous", restore)
                .keySpecFlags("OW update");
    }

    private void dump(Client c, byte[][] argv) {
        KeyEntry e = lookup.read(c.db(), argv[1]);
        if (e == null) {
            c.reply().nullBulk();
            return;
        }
        if (!payloads.canDump(e.value)) {
            throw new CommandError("ERR DUMP of " + ValueType.of(e.value).typeName() + " values is not supported yet");
        }
        c.reply().bulk(payloads.dump(e.value, server.config().getBool("rdbcompression")));
    }

    /** RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]. */
    private void restore(Client c, byte[][] argv) {
        boolean replace = false;
        boolean absTtl = false;
        long idle = -1;
        long freq = -1;
        for (int i = 4; i < argv.length; i++) {
            boolean hasValue = i + 1 < argv.length;
            if (Args.is(argv[i], "replace")) {
                replace = true;
            } else if (Args.is(argv[i], "absttl")) {
                absTtl = true;
            } else if (Args.is(argv[i], "idletime") && hasValue && freq == -1) {
                idle = Args.toLong(argv[++i]);
                if (idle < 0) {
                    throw new CommandError("ERR Invalid IDLETIME value, must be >= 0");
                }
            } else if (Args.is(argv[i], "freq") && hasValue && idle == -1) {
                freq = Args.toLong(argv[++i]);
                if (freq < 0 || freq > 255) {
                    throw new CommandError("ERR Invalid FREQ value, must be >= 0 and <= 255");
                }
            } else {
                throw Errors.syntax();
            }
        }
        Database db = c.db();
        byte[] key = argv[1];
        if (!replace && lookup.write(db, key) != null) {
            throw new CommandError("BUSYKEY Target key name already exists.");
        }
        long ttl = Args.toLong(argv[2]);
        if (ttl < 0) {
            throw new CommandError("ERR Invalid TTL value, must be >= 0");
        }
        byte[] payload = argv[3];
        if (!DumpPayload.verify(payload, server.skipsChecksumValidation())) {
            throw new CommandError("ERR DUMP payload version or checksum are wrong");
        }
        Object value;
        try {
            value = payloads.restore(payload);
        } catch (RdbFormatException e) {
            // As Redis in a RESTORE: the reason only at verbose level, the client just told the data is bad.
            server.log().verbose(RdbErrorLine.of(e));
            throw new CommandError("ERR Bad data format");
        }
        KeyEntry replaced = replace ? db.remove(key) : null;
        boolean deleted = replaced != null;
        if (deleted) {
            server.lazyFree().serverDeleted(replaced.value);
        }
        if (ttl != 0 && !absTtl) {
            ttl += db.now();
        }
        if (ttl != 0 && ttl <= db.now() && !server.replication().isReplica()) {
            if (deleted) {
                server.notifications().notify(NotifyType.GENERIC, "del", key, db);
                server.stats().dirty++;
                server.propagator().rewrite(StreamWords.DEL, key);
            }
            c.reply().ok();
            return;
        }
        KeyEntry e = db.add(key, value);
        if (ttl != 0) {
            db.setExpiry(e, ttl);
            if (!absTtl) {
                // Replicas get the absolute time, so their TTL does not restart when they apply it.
                byte[][] absolute = java.util.Arrays.copyOf(argv, argv.length + 1);
                absolute[2] = StreamWords.number(ttl);
                absolute[argv.length] = StreamWords.ABSTTL;
                server.propagator().rewrite(absolute);
            }
        }
        AccessTracker access = db.access();
        if (access.lfu()) {
            if (freq >= 0) {
                access.setFrequency(e, (int) freq, db.now());
            }
        } else if (idle >= 0) {
            access.setIdle(e, idle, db.now());
        }
        server.notifications().notify(NotifyType.GENERIC, "restore", key, db);
        server.stats().dirty++;

        c.reply().ok();
    }
}
