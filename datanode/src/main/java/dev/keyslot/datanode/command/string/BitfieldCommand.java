package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.Numbers;

import java.util.ArrayList;
import java.util.List;

/**
 * BITFIELD key [GET type offset | SET type offset value | INCRBY type offset increment |
 * OVERFLOW WRAP|SAT|FAIL]... and its read-only variant BITFIELD_RO (GET only).
 */
final class BitfieldCommand implements CommandGroup {
    private static final String BAD_TYPE =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

    private enum Opcode { GET, SET, INCRBY }

    private enum Overflow { WRAP, SAT, FAIL }

    /** One parsed subcommand; the overflow mode is the one in force where it appeared. */
    private record Op(Opcode opcode, boolean signed, int bits, long offset, long value, Overflow overflow) {
    }

    private final Server server;
    private final TypedLookup lookup;

    BitfieldCommand(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("bitfield", -2, "write denyoom", 1, 1, 1, "bitmap", (c, argv) -> bitfield(c, argv, false))
                .keySpecs(KeySpec.index(1).flags("RW access update variable_flags")
                        .notes("This command allows both access and modification of the key"))
                .keyFlagsFoundBy((argv, position) -> BitfieldKeyFlags.of(argv));
        t.add("bitfield_ro", -2, "readonly fast", 1, 1, 1, "bitmap", (c, argv) -> bitfield(c, argv, true))
                .keySpecFlags("RO access");
    }

    private void bitfield(Client c, byte[][] argv, boolean readOnlyCommand) {
        List<Op> ops = new ArrayList<>();
        Overflow overflow = Overflow.WRAP;
        boolean readOnly = true;
        long highestWrite = 0;
        for (int j = 2; j < argv.length; j++) {
            int remaining = argv.length - j - 1;
            byte[] sub = argv[j];
            Opcode opcode;
            if (Args.is(sub, "get") && remaining >= 2) {
                opcode = Opcode.GET;
            } else if (Args.is(sub, "set") && remaining >= 3) {
                opcode = Opcode.SET;
            } else if (Args.is(sub, "incrby") && remaining >= 3) {
                opcode = Opcode.INCRBY;
            } else if (Args.is(sub, "overflow") && remaining >= 1) {
                overflow = parseOverflow(argv[++j]);
                continue;
            } else {
                throw Errors.syntax();
            }
            byte[] type = argv[j + 1];
            boolean signed = parseSigned(type);
            int bits = parseBits(type, signed);
            long offset = Bitmaps.offset(argv[j + 2], bits, server.maxBulkLength());
            long value = 0;
            if (opcode != Opcode.GET) {
                readOnly = false;
                if (Long.compareUnsigned(highestWrite, offset + bits - 1) < 0) {
                    highestWrite = offset + bits - 1;
                }
                value = Args.toLong(argv[j + 3]);
            }
            ops.add(new Op(opcode, signed, bits, offset, value, overflow));
            j += opcode == Opcode.GET ? 2 : 3;
        }
        Database db = c.db();
        byte[] p;
        boolean grown = false;
        if (readOnly) {
            p = lookup.string(db, argv[1]);
        } else {
            if (readOnlyCommand) {
                throw new CommandError("ERR BITFIELD_RO only supports the GET subcommand");
            }
            KeyEntry e = lookup.write(db, argv[1], ValueType.STRING);
            int before = BitCommands.lengthBefore(e);
            p = BitCommands.prepareForBits(db, argv[1], e, highestWrite);
            grown = p.length != before;
        }
        c.reply().arrayHeader(ops.size());
        long changes = 0;
        for (Op op : ops) {
            if (op.opcode == Opcode.GET) {
                long v = p == null ? 0
                        : op.signed ? Bitmaps.getSigned(p, op.offset, op.bits) : Bitmaps.getUnsigned(p, op.offset, op.bits);
                c.reply().integer(v);
            } else if (write(c, p, op, grown)) {
                changes++;
            }
        }
        if (changes > 0) {
            db.signalModified(argv[1]);
            server.notifications().notify(NotifyType.STRING, "setbit", argv[1], db);
            server.stats().dirty += changes;

        }
    }

    /** Runs SET or INCRBY, replying; counts as a change when the value moved or the string was created or grown. */
    private static boolean write(Client c, byte[] p, Op op, boolean grown) {
        long old = op.signed ? Bitmaps.getSigned(p, op.offset, op.bits) : Bitmaps.getUnsigned(p, op.offset, op.bits);
        long target = op.opcode == Opcode.INCRBY ? old : op.value;
        long increment = op.opcode == Opcode.INCRBY ? op.value : 0;
        FieldOverflow result = op.signed
                ? FieldOverflow.signed(target, increment, op.bits, op.overflow == Overflow.SAT)
                : FieldOverflow.unsigned(target, increment, op.bits, op.overflow == Overflow.SAT);
        if (result.overflowed() && op.overflow == Overflow.FAIL) {
            c.reply().nullBulk();
            return false;
        }
        long stored = result.overflowed() ? result.value() : target + increment;
        c.reply().integer(op.opcode == Opcode.INCRBY ? stored : old);
        Bitmaps.setField(p, op.offset, op.bits, stored);
        return grown || old != stored;
    }

    private static Overflow parseOverflow(byte[] arg) {
        if (Args.is(arg, "wrap")) {
            return Overflow.WRAP;
        } else if (Args.is(arg, "sat")) {
            return Overflow.SAT;
        } else if (Args.is(arg, "fail")) {
            return Overflow.FAIL;
        }
        throw new CommandError("ERR Invalid OVERFLOW type specified");
    }

    private static boolean parseSigned(byte[] type) {
        if (type.length > 0 && type[0] == 'i') {
            return true;
        }
        if (type.length > 0 && type[0] == 'u') {
            return false;
        }
        throw new CommandError(BAD_TYPE);
    }

    private static int parseBits(byte[] type, boolean signed) {
        long[] out = new long[1];
        if (!Numbers.parseLong(type, 1, type.length - 1, out)
                || out[0] < 1 || out[0] > (signed ? 64 : 63)) {
            throw new CommandError(BAD_TYPE);
        }
        return (int) out[0];
    }
}
