package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.propagation.StreamWords;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.LongDouble;
import dev.keyslot.datanode.util.Numbers;

import java.nio.charset.StandardCharsets;

/** INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT. Counters keep the key's TTL. */
final class CounterCommands implements CommandGroup {
    private static final String DECREMENT_OVERFLOW = "ERR decrement would overflow";
    private static final String NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";

    private final Server server;
    private final TypedLookup lookup;
    private final long[] parsed = new long[1];

    CounterCommands(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    @Override
    public void register(CommandTable t) {
        t.add("incr", 2, "write denyoom fast", 1, 1, 1, "string", (c, argv) -> incrBy(c, argv[1], 1))
                .writesThroughKeyspace().keySpecFlags("RW access update");
        t.add("decr", 2, "write denyoom fast", 1, 1, 1, "string", (c, argv) -> incrBy(c, argv[1], -1))
                .writesThroughKeyspace().keySpecFlags("RW access update");
        t.add("incrby", 3, "write denyoom fast", 1, 1, 1, "string",
                (c, argv) -> incrBy(c, argv[1], Args.toLong(argv[2]))).writesThroughKeyspace()
                .keySpecFlags("RW access update");
        t.add("decrby", 3, "write denyoom fast", 1, 1, 1, "string", this::decrby).writesThroughKeyspace()
                .keySpecFlags("RW access update");
        t.add("incrbyfloat", 3, "write denyoom fast", 1, 1, 1, "string", this::incrbyfloat).writesThroughKeyspace()
                .keySpecFlags("RW access update");
    }

    private void decrby(Client c, byte[][] argv) {
        long decrement = Args.toLong(argv[2]);
        if (decrement == Long.MIN_VALUE) {
            throw new CommandError(DECREMENT_OVERFLOW);
        }
        incrBy(c, argv[1], -decrement);
    }

    private void incrBy(Client c, byte[] key, long increment) {
        Database db = c.db();
        KeyEntry e = lookup.write(db, key, ValueType.STRING);
        long value = 0;
        if (e != null) {
            byte[] current = (byte[]) e.value;
            if (!Numbers.parseLong(current, parsed)) {
                throw Errors.notInteger();
            }
            value = parsed[0];
        }
        if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
            throw new CommandError(Errors.OVERFLOW);
        }
        value += increment;
        store(db, e, key, Numbers.toBytes(value));
        server.notifications().notify(NotifyType.STRING, "incrby", key, db);
        server.stats().dirty++;
        c.reply().integer(value);
    }

    private void incrbyfloat(Client c, byte[][] argv) {
        Database db = c.db();
        KeyEntry e = lookup.write(db, argv[1], ValueType.STRING);
        LongDouble value = e == null ? LongDouble.ZERO : LongDouble.parse((byte[]) e.value);
        LongDouble increment = LongDouble.parse(argv[2]);
        if (value == null || increment == null) {
            throw new CommandError(Errors.NOT_FLOAT);
        }
        LongDouble result = value.add(increment);
        if (!result.isFinite()) {
            throw new CommandError(NAN_OR_INFINITY);
        }
        byte[] text = result.toHumanString().getBytes(StandardCharsets.US_ASCII);
        store(db, e, argv[1], text).setTextString(true);
        server.notifications().notify(NotifyType.STRING, "incrbyfloat", argv[1], db);
        server.stats().dirty++;
        // The result, not the increment, so float formatting can never make replicas diverge.
        server.propagator().rewrite(StreamWords.SET, argv[1], text, StreamWords.KEEPTTL);
        c.reply().bulk(text);
    }

    /** Overwrites the entry the write lookup found, keeping the TTL (Redis's dbOverwrite), or adds the key. */
    private static KeyEntry store(Database db, KeyEntry existing, byte[] key, byte[] value) {
        if (existing == null) {
            return db.add(key, value);
        }
        db.overwrite(existing, value);
        return existing;
    }
}
