package dev.keyslot.datanode.command.zset;

import dev.keyslot.datanode.command.KeyFinders;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.command.MultiPopArgs;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.propagation.StreamWords;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.server.blocking.TimeoutArg;

import java.util.Arrays;
import java.util.List;

/** ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms BZPOPMIN, BZPOPMAX, BZMPOP. */
public final class ZSetPopCommands implements CommandGroup {
    /** How a pop replies: with the key first or not, elements flat or as pairs, null or [] when empty. */
    private record Shape(boolean emitKey, boolean nested, boolean nullWhenEmpty) {
    }

    private static final Shape BLOCKING_SINGLE = new Shape(true, false, false);
    private static final Shape MULTI = new Shape(true, true, true);

    private final Server server;
    private final ZSetAccess zsets;

    public ZSetPopCommands(Server server) {
        this.server = server;
        this.zsets = new ZSetAccess(server);
    }

    @Override
    public void register(CommandTable t) {
        t.add("zpopmin", -2, "write fast", 1, 1, 1, "sortedset", (c, argv) -> zpop(c, argv, false))
                .keySpecFlags("RW access delete");
        t.add("zpopmax", -2, "write fast", 1, 1, 1, "sortedset", (c, argv) -> zpop(c, argv, true))
                .keySpecFlags("RW access delete");
        t.add("zmpop", -4, "write movablekeys", 0, 0, 0, "sortedset", this::zmpop)
                .keysFoundBy(KeyFinders.numkeysAt(1))
                .keySpecs(KeySpec.index(1).keynum(0, 1, 1).flags("RW access delete"));
        t.add("bzpopmin", -3, "write noscript fast blocking", 1, -2, 1, "sortedset",
                (c, argv) -> bzpop(c, argv, false)).keySpecFlags("RW access delete");
        t.add("bzpopmax", -3, "write noscript fast blocking", 1, -2, 1, "sortedset",
                (c, argv) -> bzpop(c, argv, true)).keySpecFlags("RW access delete");
        t.add("bzmpop", -5, "write blocking movablekeys", 0, 0, 0, "sortedset", this::bzmpop)
                .keysFoundBy(KeyFinders.numkeysAt(2))
                .keySpecs(KeySpec.index(2).keynum(0, 1, 1).flags("RW access delete"));
    }

    private void zpop(Client c, byte[][] argv, boolean max) {
        if (argv.length > 3) {
            throw Errors.syntax();
        }
        long count = -1;
        if (argv.length == 3) {
            count = Args.toNonNegativeLong(argv[2], Errors.MUST_BE_POSITIVE);
        }
        Shape shape = new Shape(false, c.reply().resp3() && count != -1, false);
        pop(c, List.of(argv[1]), max, count, shape, false);
    }

    /** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]. */
    private void zmpop(Client c, byte[][] argv) {
        MultiPopArgs a = MultiPopArgs.parse(argv, 1, "min", "max");
        pop(c, keys(argv, a), !a.fromFirst(), a.count(), MULTI, true);
    }

    private void bzpop(Client c, byte[][] argv, boolean max) {
        long timeout = TimeoutArg.parseSeconds(argv[argv.length - 1]);
        popOrBlock(c, Arrays.asList(argv).subList(1, argv.length - 1), max, -1, BLOCKING_SINGLE, timeout);
    }

    /** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]. */
    private void bzmpop(Client c, byte[][] argv) {
        MultiPopArgs a = MultiPopArgs.parse(argv, 2, "min", "max");
        long timeout = TimeoutArg.parseSeconds(argv[1]);
        popOrBlock(c, keys(argv, a), !a.fromFirst(), a.count(), MULTI, timeout);
    }

    private static List<byte[]> keys(byte[][] argv, MultiPopArgs a) {
        return Arrays.asList(argv).subList(a.firstKey(), a.firstKey() + a.numKeys());
    }

    private void popOrBlock(Client c, List<byte[]> keys, boolean max, long count, Shape shape, long timeout) {
        for (byte[] key : keys) {
            if (zsets.write(c, key) != null) {
                pop(c, List.of(key), max, count, shape, true);
                return;
            }
        }
        if (c.denyBlocking()) {
            c.reply().nullArray();
            return;
        }
        server.blocking().block(c, keys, ValueType.ZSET, timeout,
                (client, key) -> pop(client, List.of(key), max, count, shape, true));
    }

    /**
     * Redis's genericZpopCommand: pops from the first existing key; count -1 means one, unwrapped.
     * With asZpop the replicas see ZPOPMIN/ZPOPMAX key [popped] instead of the command (ZMPOP, BZ*POP*).
     */
    private void pop(Client c, List<byte[]> keys, boolean max, long count, Shape shape, boolean asZpop) {
        byte[] key = null;
        ZSetValue z = null;
        for (byte[] k : keys) {
            z = zsets.write(c, k);
            if (z != null) {
                key = k;
                break;
            }
        }
        Reply r = c.reply();
        if (z == null) {
            if (shape.nullWhenEmpty()) {
                r.nullArray();
            } else {
                r.emptyArray();
            }
            return;
        }
        if (count == 0) {
            r.emptyArray();
            return;
        }
        int n = (int) Math.min(count == -1 ? 1 : count, z.size());
        if (shape.emitKey() && shape.nested()) {
            r.arrayHeader(2);
            r.bulk(key);
            r.arrayHeader(n);
        } else if (shape.emitKey()) {
            r.arrayHeader(n * 2L + 1);
            r.bulk(key);
        } else {
            r.arrayHeader(shape.nested() ? n : n * 2L);
        }
        for (int i = 0; i < n; i++) {
            ZSetEntry node = max ? z.last() : z.first();
            z.remove(node);
            if (shape.nested()) {
                r.arrayHeader(2);
            }
            r.bulk(node.member());
            r.doubleValue(node.score());
        }
        zsets.removed(c.db(), key, z, n, max ? "zpopmax" : "zpopmin", ZSetAccess.SignalAt.AFTER_EVENT);
        if (asZpop) {
            byte[] command = max ? StreamWords.ZPOPMAX : StreamWords.ZPOPMIN;
            if (count == -1) {
                server.propagator().propagateAs(c.db().id(), command, key);
            } else {
                server.propagator().propagateAs(c.db().id(), command, key, StreamWords.number(n));
            }
        }
    }
}
