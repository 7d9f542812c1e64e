package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** BITOP AND | OR | XOR | NOT destkey key [key ...]: missing keys count as empty (zero) strings. */
final class BitopCommand implements CommandGroup {
    private enum Op { AND, OR, XOR, NOT }

    private final Server server;
    private final TypedLookup lookup;

    BitopCommand(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("bitop", -4, "write denyoom", 2, -1, 1, "bitmap", this::bitop)
                .keySpecs(KeySpec.index(2).flags("OW update"), KeySpec.index(3).range(-1, 1, 0).flags("RO access"));
    }

    private void bitop(Client c, byte[][] argv) {
        Op op = parseOp(argv[1]);
        if (op == Op.NOT && argv.length != 4) {
            throw new CommandError("ERR BITOP NOT must be called with a single source key.");
        }
        Database db = c.db();
        byte[][] sources = new byte[argv.length - 3][];
        int maxLength = 0;
        for (int i = 0; i < sources.length; i++) {
            byte[] v = lookup.string(db, argv[i + 3]);
            sources[i] = v == null ? new byte[0] : v;
            maxLength = Math.max(maxLength, sources[i].length);
        }
        if (maxLength > 0) {
            byte[] result = combine(op, sources, maxLength);
            db.set(argv[2], result, false).setRawString(true);
            server.notifications().notify(NotifyType.STRING, "set", argv[2], db);
            server.stats().dirty++;
        } else if (db.delete(argv[2])) {
            server.notifications().notify(NotifyType.GENERIC, "del", argv[2], db);
            server.stats().dirty++;

        }
        c.reply().integer(maxLength);
    }

    private static Op parseOp(byte[] name) {
        if (Args.is(name, "and")) {
            return Op.AND;
        } else if (Args.is(name, "or")) {
            return Op.OR;
        } else if (Args.is(name, "xor")) {
            return Op.XOR;
        } else if (Args.is(name, "not")) {
            return Op.NOT;
        }
        throw Errors.syntax();
    }

    private static byte[] combine(Op op, byte[][] sources, int length) {
        byte[] result = new byte[length];
        byte[] first = sources[0];
        System.arraycopy(first, 0, result, 0, first.length);
        if (op == Op.NOT) {
            for (int j = 0; j < length; j++) {
                result[j] = (byte) ~result[j];
            }
            return result;
        }
        for (int i = 1; i < sources.length; i++) {
            byte[] s = sources[i];
            int common = Math.min(s.length, length);
            switch (op) {
                case AND -> {
                    for (int j = 0; j < common; j++) {
                        result[j] &= s[j];
                    }
                    for (int j = common; j < length; j++) {
                        result[j] = 0;
                    }
                }
                case OR -> {
                    for (int j = 0; j < common; j++) {
                        result[j] |= s[j];
                    }
                }
                default -> {
                    for (int j = 0; j < common; j++) {
                        result[j] ^= s[j];
                    }
                }
            }
        }
        return result;
    }
}
