package dev.keyslot.datanode.command.list;

import dev.keyslot.datanode.command.KeyFinders;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.command.MultiPopArgs;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.list.ListValue;
import dev.keyslot.datanode.propagation.StreamWords;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.server.blocking.TimeoutArg;

import java.util.Arrays;
import java.util.List;

/**
 * BLPOP, BRPOP, BLMPOP, BLMOVE and BRPOPLPUSH: serve at once when a list has data, otherwise block (or,
 * where blocking is denied, reply as if timed out).
 */
public final class BlockingListCommands implements CommandGroup {
    private final Server server;
    private final ListAccess lists;

    public BlockingListCommands(Server server) {
        this.server = server;
        this.lists = new ListAccess(server);
    }

    @Override
    public void register(CommandTable t) {
        t.add("blpop", -3, "write noscript blocking", 1, -2, 1, "list", (c, argv) -> bpop(c, argv, true))
                .keySpecFlags("RW access delete");
        t.add("brpop", -3, "write noscript blocking", 1, -2, 1, "list", (c, argv) -> bpop(c, argv, false))
                .keySpecFlags("RW access delete");
        t.add("blmpop", -5, "write blocking movablekeys", 0, 0, 0, "list", this::blmpop)
                .keysFoundBy(KeyFinders.numkeysAt(2))
                .keySpecs(KeySpec.index(2).keynum(0, 1, 1).flags("RW access delete"));
        t.add("blmove", 6, "write denyoom noscript blocking", 1, 2, 1, "list", this::blmove)
                .keySpecs(KeySpec.index(1).flags("RW access delete"), KeySpec.index(2).flags("RW insert"));
        t.add("brpoplpush", 4, "write denyoom noscript blocking", 1, 2, 1, "list",
                (c, argv) -> moveOrBlock(c, argv[1], argv[2], false, true, TimeoutArg.parseSeconds(argv[3]), true))
                .keySpecs(KeySpec.index(1).flags("RW access delete"), KeySpec.index(2).flags("RW insert"));
    }

    private void bpop(Client c, byte[][] argv, boolean head) {
        long timeout = TimeoutArg.parseSeconds(argv[argv.length - 1]);
        popOrBlock(c, Arrays.asList(argv).subList(1, argv.length - 1), head, -1, timeout);
    }

    /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]. */
    private void blmpop(Client c, byte[][] argv) {
        MultiPopArgs a = MultiPopArgs.parse(argv, 2, "left", "right");
        long timeout = TimeoutArg.parseSeconds(argv[1]);
        List<byte[]> keys = Arrays.asList(argv).subList(a.firstKey(), a.firstKey() + a.numKeys());
        popOrBlock(c, keys, a.fromFirst(), a.count(), timeout);
    }

    /** count -1 is the single-element form ([key, element]); otherwise [key, [elements]]. */
    private void popOrBlock(Client c, List<byte[]> keys, boolean head, long count, long timeout) {
        for (byte[] key : keys) {
            ListValue list = lists.write(c, key);
            if (list != null) {
                pop(c, key, list, head, count, false);
                return;
            }
        }
        if (c.denyBlocking()) {
            c.reply().nullArray();
            return;
        }
        server.blocking().block(c, keys, ValueType.LIST, timeout,
                (client, key) -> pop(client, key, (ListValue) client.db().get(key), head, count, true));
    }

    /**
     * Replicas see the non-blocking form: [LR]POP key, or [LR]POP key count for BLMPOP. Served after blocking,
     * BLPOP and BRPOP leave the key unsignalled as Redis does (BLMPOP signals it).
     */
    private void pop(Client c, byte[] key, ListValue list, boolean head, long count, boolean served) {
        byte[] command = head ? StreamWords.LPOP : StreamWords.RPOP;
        if (count != -1) {
            lists.popRangeWithKey(c, key, list, head, count);
            return;
        }
        server.propagator().propagateAs(c.db().id(), command, key);
        Reply r = c.reply();
        r.arrayHeader(2);
        r.bulk(key);
        r.bulk(list.remove(head));
        if (served) {
            lists.poppedByServedClient(c.db(), key, list, 1, ListAccess.popEvent(head));
        } else {
            lists.removed(c.db(), key, list, 1, ListAccess.popEvent(head));
        }
    }

    private void blmove(Client c, byte[][] argv) {
        boolean fromHead = ListAccess.parseEnd(argv[3]);
        boolean toHead = ListAccess.parseEnd(argv[4]);
        moveOrBlock(c, argv[1], argv[2], fromHead, toHead, TimeoutArg.parseSeconds(argv[5]), false);
        // Served at once, replicas get LMOVE with the client's own words as in Redis (when the client
        // blocked instead, nothing changed and nothing is propagated now).
        server.propagator().rewrite(StreamWords.LMOVE, argv[1], argv[2], argv[3], argv[4]);
    }

    private void moveOrBlock(Client c, byte[] src, byte[] dst, boolean fromHead, boolean toHead, long timeout,
                             boolean rpoplpush) {
        ListValue list = lists.write(c, src);
        if (list != null) {
            lists.move(c, src, list, dst, fromHead, toHead);
            propagateMove(c, src, dst, fromHead, toHead, rpoplpush);
            return;
        }
        if (c.denyBlocking()) {
            c.reply().nullBulk();
            return;
        }
        server.blocking().block(c, List.of(src), ValueType.LIST, timeout,
                (client, key) -> serveMove(client, key, dst, fromHead, toHead, rpoplpush));
    }

    private void propagateMove(Client c, byte[] src, byte[] dst, boolean fromHead, boolean toHead, boolean rpoplpush) {
        if (rpoplpush) {
            server.propagator().propagateAs(c.db().id(), StreamWords.RPOPLPUSH, src, dst);
        } else {
            server.propagator().propagateAs(c.db().id(), StreamWords.LMOVE, src, dst,
                    fromHead ? StreamWords.LEFT : StreamWords.RIGHT, toHead ? StreamWords.LEFT : StreamWords.RIGHT);
        }
    }

    /** A destination of the wrong type fails the waiting client with WRONGTYPE and leaves the source. */
    private void serveMove(Client c, byte[] src, byte[] dst, boolean fromHead, boolean toHead, boolean rpoplpush) {
        try {
            lists.moveUnsignalled(c, src, (ListValue) c.db().get(src), dst, fromHead, toHead);
            propagateMove(c, src, dst, fromHead, toHead, rpoplpush);
        } catch (CommandError e) {
            c.reply().error(e.getMessage());
            server.stats().countError(e.getMessage());
        }
    }
}
