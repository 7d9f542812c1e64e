package dev.keyslot.datanode.command.list;

import dev.keyslot.datanode.propagation.StreamWords;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.list.ListValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/**
 * The list operations shared by the plain and the blocking list commands: typed lookups, popping with
 * the bookkeeping Redis does after it (delete when empty, notify, count changes), range replies and the
 * push half of LMOVE.
 */
final class ListAccess {
    private final Server server;
    private final TypedLookup lookup;

    ListAccess(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    ListValue read(Client c, byte[] key) {
        return lookup.value(c.db(), key, ValueType.LIST);
    }

    ListValue write(Client c, byte[] key) {
        KeyEntry e = lookup.write(c.db(), key, ValueType.LIST);
        return e == null ? null : (ListValue) e.value;
    }

    /** A new empty list, its nodes sized by list-max-listpack-size as it is now, as Redis fixes them. */
    ListValue newList() {
        return new ListValue(server.config().getLong("list-max-listpack-size"),
                server.config().getLong("list-compress-depth"));
    }

    /** LEFT or RIGHT: true for the head. */
    static boolean parseEnd(byte[] arg) {
        if (Args.is(arg, "left")) {
            return true;
        }
        if (Args.is(arg, "right")) {
            return false;
        }
        throw Errors.syntax();
    }

    /**
     * After elements were removed: publishes event, deletes the key when empty (publishing "del"), signals
     * the change and counts it. The signal comes last, as in Redis: a tracking client hears of the key after
     * its "del" event.
     */
    void removed(Database db, byte[] key, ListValue list, long count, String event) {
        poppedByServedClient(db, key, list, count, event);
        db.signalModified(key);
    }

    /**
     * After a blocked BLPOP, BRPOP, BLMOVE or BRPOPLPUSH was served one element: publishes event, deletes the
     * key when empty and counts the change, but signals nothing (no invalidation, no WATCH touched, the push
     * stays the key's last write for NOLOOP), as Redis leaves that to the push that readied the key.
     */
    void poppedByServedClient(Database db, byte[] key, ListValue list, long count, String event) {
        notify(event, key, db);
        if (list.isEmpty()) {
            db.removeEntry(db.lookup(key));
            server.notifications().notify(NotifyType.GENERIC, "del", key, db);
        }
        server.stats().dirty += count;
    }

    /** Publishes a list-class keyspace event. */
    void notify(String event, byte[] key, Database db) {
        server.notifications().notify(NotifyType.LIST, event, key, db);
    }

    static String popEvent(boolean head) {
        return head ? "lpop" : "rpop";
    }

    static String pushEvent(boolean head) {
        return head ? "lpush" : "rpush";
    }

    /** Pops up to count elements from one end and replies [key, [elements]] (LMPOP, BLMPOP). */
    void popRangeWithKey(Client c, byte[] key, ListValue list, boolean head, long count) {
        int n = (int) Math.min(count, list.size());
        Reply r = c.reply();
        r.arrayHeader(2);
        r.bulk(key);
        r.arrayHeader(n);
        for (int i = 0; i < n; i++) {
            r.bulk(list.remove(head));
        }
        removed(c.db(), key, list, n, popEvent(head));
        // LMPOP and BLMPOP reach replicas as [LR]POP key count.
        server.propagator().propagateAs(c.db().id(), head ? StreamWords.LPOP : StreamWords.RPOP, key,
                StreamWords.number(n));
    }

    /** Pushes a moved element onto the destination (created when absent) and replies with it. */
    void pushMoved(Client c, byte[] dstKey, ListValue dst, byte[] value, boolean head) {
        Database db = c.db();
        if (dst == null) {
            dst = newList();
            db.add(dstKey, dst);
        } else {
            db.signalModified(dstKey);
        }
        dst.add(head, value);
        notify(pushEvent(head), dstKey, db);
        c.reply().bulk(value);
    }

    /**
     * LMOVE's core once the source is known to be a non-empty list: pops, pushes onto the destination
     * (WRONGTYPE when it holds something else) and replies with the element.
     */
    void move(Client c, byte[] srcKey, ListValue src, byte[] dstKey, boolean fromHead, boolean toHead) {
        moveUnsignalled(c, srcKey, src, dstKey, fromHead, toHead);
        c.db().signalModified(srcKey);
    }

    /** move for a served blocked client: the source is not signalled (see {@link #poppedByServedClient}). */
    void moveUnsignalled(Client c, byte[] srcKey, ListValue src, byte[] dstKey, boolean fromHead, boolean toHead) {
        ListValue dst = write(c, dstKey);
        byte[] value = src.remove(fromHead);
        pushMoved(c, dstKey, dst, value, toHead);
        poppedByServedClient(c.db(), srcKey, src, 1, popEvent(fromHead));
    }

    /** Replies the elements between two inclusive indexes (negative from the end), like LRANGE. */
    static void replyRange(Reply r, ListValue list, long start, long end) {
        long len = list.size();
        if (start < 0) {
            start += len;
        }
        if (end < 0) {
            end += len;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= len) {
            r.emptyArray();
            return;
        }
        if (end >= len) {
            end = len - 1;
        }
        r.arrayHeader(end - start + 1);
        list.forEachInRange((int) start, (int) end, r::bulk);
    }
}
