package dev.keyslot.datanode.command.hash;

import dev.keyslot.datanode.propagation.StreamWords;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.hash.HashValue;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.LongDouble;
import dev.keyslot.datanode.util.Numbers;

import java.nio.charset.StandardCharsets;

/** HINCRBY and HINCRBYFLOAT: a missing field counts as 0, the result is stored back as a string. */
final class HashIncrements {
    private static final String NOT_INTEGER = "ERR hash value is not an integer";
    private static final String NOT_FLOAT = "ERR hash value is not a float";
    private static final String NAN_OR_INFINITY = "ERR value is NaN or Infinity";
    private static final String PRODUCES_NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";

    private final Server server;
    private final HashWriter writer;
    private final long[] parsed = new long[1];

    HashIncrements(Server server, HashWriter writer) {
        this.server = server;
        this.writer = writer;
    }

    void hincrby(Client c, byte[][] argv) {
        long incr = Args.toLong(argv[3]);
        Database db = c.db();
        KeyEntry e = writer.writable(db, argv[1]);
        HashValue h = e == null ? new HashValue() : (HashValue) e.value;
        byte[] current = h.get(argv[2]);
        long value = 0;
        if (current != null) {
            if (!Numbers.parseLong(current, parsed)) {
                throw new CommandError(NOT_INTEGER);
            }
            value = parsed[0];
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            throw new CommandError(Errors.OVERFLOW);
        }
        value += incr;
        writer.set(h, argv[2], Numbers.toBytes(value));
        writer.written(db, argv[1], e, h, "hincrby");
        server.stats().dirty++;
        c.reply().integer(value);
    }

    void hincrbyfloat(Client c, byte[][] argv) {
        LongDouble incr = LongDouble.parse(argv[3]);
        if (incr == null) {
            throw new CommandError(Errors.NOT_FLOAT);
        }
        if (!incr.isFinite()) {
            throw new CommandError(NAN_OR_INFINITY);
        }
        Database db = c.db();
        KeyEntry e = writer.writable(db, argv[1]);
        HashValue h = e == null ? new HashValue() : (HashValue) e.value;
        byte[] current = h.get(argv[2]);
        LongDouble value = current == null ? LongDouble.ZERO : LongDouble.parse(current);
        if (value == null) {
            throw new CommandError(NOT_FLOAT);
        }
        LongDouble sum = value.add(incr);
        if (!sum.isFinite()) {
            throw new CommandError(PRODUCES_NAN_OR_INFINITY);
        }
        byte[] result = sum.toHumanString().getBytes(StandardCharsets.US_ASCII);

        writer.set(h, argv[2], result);
        writer.written(db, argv[1], e, h, "hincrbyfloat");
        server.stats().dirty++;
        server.propagator().rewrite(StreamWords.HSET, argv[1], argv[2], result);
        c.reply().bulk(result);
    }
}
