package dev.keyslot.datanode.command.list;

import dev.keyslot.datanode.command.KeyFinders;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.command.MultiPopArgs;
import dev.keyslot.datanode.keyspace.list.ListValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.Arrays;

/** The non-blocking list commands. */
public final class ListCommands implements CommandGroup {
    private final Server server;
    private final ListAccess lists;

    public ListCommands(Server server) {
        this.server = server;
        this.lists = new ListAccess(server);
    }

    @Override
    public void register(CommandTable t) {
        t.add("lpush", -3, "write denyoom fast", 1, 1, 1, "list", (c, argv) -> push(c, argv, true, false))
                .keySpecFlags("RW insert");
        t.add("rpush", -3, "write denyoom fast", 1, 1, 1, "list", (c, argv) -> push(c, argv, false, false))
                .keySpecFlags("RW insert");
        t.add("lpushx", -3, "write denyoom fast", 1, 1, 1, "list", (c, argv) -> push(c, argv, true, true))
                .keySpecFlags("RW insert");
        t.add("rpushx", -3, "write denyoom fast", 1, 1, 1, "list", (c, argv) -> push(c, argv, false, true))
                .keySpecFlags("RW insert");
        t.add("lpop", -2, "write fast", 1, 1, 1, "list", (c, argv) -> pop(c, argv, true))
                .keySpecFlags("RW access delete");
        t.add("rpop", -2, "write fast", 1, 1, 1, "list", (c, argv) -> pop(c, argv, false))
                .keySpecFlags("RW access delete");
        t.add("llen", 2, "readonly fast", 1, 1, 1, "list", this::llen).keySpecFlags("RO");
        t.add("lrange", 4, "readonly", 1, 1, 1, "list", this::lrange).keySpecFlags("RO access");
        t.add("lindex", 3, "readonly", 1, 1, 1, "list", this::lindex).keySpecFlags("RO access");
        t.add("lset", 4, "write denyoom", 1, 1, 1, "list", this::lset).keySpecFlags("RW update");
        t.add("linsert", 5, "write denyoom", 1, 1, 1, "list", this::linsert).keySpecFlags("RW insert");
        t.add("lrem", 4, "write", 1, 1, 1, "list", this::lrem).keySpecFlags("RW delete");
        t.add("ltrim", 4, "write", 1, 1, 1, "list", this::ltrim).keySpecFlags("RW delete");
        t.add("lpos", -3, "readonly", 1, 1, 1, "list", this::lpos).keySpecFlags("RO access");
        t.add("lmove", 5, "write denyoom", 1, 2, 1, "list", this::lmove)
                .keySpecs(KeySpec.index(1).flags("RW access delete"), KeySpec.index(2).flags("RW insert"));
        t.add("rpoplpush", 3, "write denyoom", 1, 2, 1, "list",
                (c, argv) -> move(c, argv[1], argv[2], false, true))
                .keySpecs(KeySpec.index(1).flags("RW access delete"), KeySpec.index(2).flags("RW insert"));
        t.add("lmpop", -4, "write movablekeys", 0, 0, 0, "list", this::lmpop)
                .keysFoundBy(KeyFinders.numkeysAt(1))
                .keySpecs(KeySpec.index(1).keynum(0, 1, 1).flags("RW access delete"));
    }

    private void push(Client c, byte[][] argv, boolean head, boolean onlyIfExists) {
        ListValue list = lists.write(c, argv[1]);
        if (list == null) {
            if (onlyIfExists) {
                c.reply().integer(0);
                return;
            }
            list = lists.newList();
            c.db().addUnsignalled(argv[1], list);
        }
        for (int i = 2; i < argv.length; i++) {
            list.add(head, argv[i]);
        }
        server.stats().dirty += argv.length - 2;
        c.reply().integer(list.size());
        // After the reply, as Redis: what a client redirecting its invalidations here receives follows it.
        c.db().signalModified(argv[1]);
        lists.notify(ListAccess.pushEvent(head), argv[1], c.db());
    }

    /** LPOP/RPOP key [count]: a bulk without count, an array with it. */
    private void pop(Client c, byte[][] argv, boolean head) {
        if (argv.length > 3) {
            throw Errors.wrongArity(head ? "lpop" : "rpop");
        }
        boolean hasCount = argv.length == 3;
        long count = 0;
        if (hasCount) {
            count = Args.toNonNegativeLong(argv[2], Errors.MUST_BE_POSITIVE);
        }
        ListValue list = lists.write(c, argv[1]);
        Reply r = c.reply();
        if (list == null) {
            if (hasCount) {
                r.nullArray();
            } else {
                r.nullBulk();
            }
            return;
        }
        if (hasCount && count == 0) {
            r.emptyArray();
            return;
        }
        if (!hasCount) {
            r.bulk(list.remove(head));
            lists.removed(c.db(), argv[1], list, 1, ListAccess.popEvent(head));
            return;
        }
        int n = (int) Math.min(count, list.size());
        r.arrayHeader(n);
        for (int i = 0; i < n; i++) {
            r.bulk(list.remove(head));
        }
        lists.removed(c.db(), argv[1], list, n, ListAccess.popEvent(head));
    }

    private void llen(Client c, byte[][] argv) {
        ListValue list = lists.read(c, argv[1]);
        c.reply().integer(list == null ? 0 : list.size());
    }

    private void lrange(Client c, byte[][] argv) {
        long start = Args.toLong(argv[2]);
        long end = Args.toLong(argv[3]);
        ListValue list = lists.read(c, argv[1]);
        if (list == null) {
            c.reply().emptyArray();
            return;
        }
        ListAccess.replyRange(c.reply(), list, start, end);
    }

    private void lindex(Client c, byte[][] argv) {
        ListValue list = lists.read(c, argv[1]);
        if (list == null) {
            c.reply().nullBulk();
            return;
        }
        int i = index(list, Args.toLong(argv[2]));
        if (i < 0) {
            c.reply().nullBulk();
        } else {
            c.reply().bulk(list.get(i));
        }
    }

    /** The array position of a possibly negative index, or -1 when out of range. */
    private static int index(ListValue list, long index) {
        long i = index < 0 ? list.size() + index : index;
        return i < 0 || i >= list.size() ? -1 : (int) i;
    }

    private void lset(Client c, byte[][] argv) {
        ListValue list = lists.write(c, argv[1]);
        if (list == null) {
            throw new CommandError(Errors.NO_SUCH_KEY);
        }
        int i = index(list, Args.toLong(argv[2]));
        if (i < 0) {
            throw new CommandError(Errors.OUT_OF_RANGE);
        }
        list.set(i, argv[3]);
        c.db().signalModified(argv[1]);
        lists.notify("lset", argv[1], c.db());
        server.stats().dirty++;
        c.reply().ok();
    }

    private void linsert(Client c, byte[][] argv) {
        boolean after;
        if (Args.is(argv[2], "after")) {
            after = true;
        } else if (Args.is(argv[2], "before")) {
            after = false;
        } else {
            throw Errors.syntax();
        }
        ListValue list = lists.write(c, argv[1]);
        if (list == null) {
            c.reply().integer(0);
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (Arrays.equals(list.get(i), argv[3])) {
                list.insert(i, after, argv[4]);
                c.db().signalModified(argv[1]);
                lists.notify("linsert", argv[1], c.db());
                server.stats().dirty++;
                c.reply().integer(list.size());
                return;
            }
        }
        c.reply().integer(-1);
    }

    private void lrem(Client c, byte[][] argv) {
        long count = Args.toLong(argv[2]);
        ListValue list = lists.write(c, argv[1]);
        if (list == null) {
            c.reply().integer(0);
            return;
        }
        int removed = list.removeMatching(argv[3], count);
        if (removed > 0) {
            lists.removed(c.db(), argv[1], list, removed, "lrem");
        }
        c.reply().integer(removed);
    }

    private void ltrim(Client c, byte[][] argv) {
        long start = Args.toLong(argv[2]);
        long end = Args.toLong(argv[3]);
        ListValue list = lists.write(c, argv[1]);
        if (list == null) {
            c.reply().ok();
            return;
        }
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
        long leftTrim;
        long rightTrim;
        if (start > end || start >= len) {
            leftTrim = len;
            rightTrim = 0;
        } else {
            if (end >= len) {
                end = len - 1;
            }
            leftTrim = start;
            rightTrim = len - end - 1;
        }
        list.removeFirst((int) leftTrim);
        list.removeLast((int) rightTrim);
        lists.removed(c.db(), argv[1], list, leftTrim + rightTrim, "ltrim");

        c.reply().ok();
    }

    /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. */
    private void lpos(Client c, byte[][] argv) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        for (int j = 3; j < argv.length; j++) {
            boolean more = j + 1 < argv.length;
            if (Args.is(argv[j], "rank") && more) {
                rank = Args.toLong(argv[++j]);
                if (rank == 0) {
                    throw new CommandError("ERR RANK can't be zero: use 1 to start from the first match, "
                            + "2 from the second ... or use negative to start from the end of the list");
                }
            } else if (Args.is(argv[j], "count") && more) {
                count = Args.toNonNegativeLong(argv[++j], "ERR COUNT can't be negative");
            } else if (Args.is(argv[j], "maxlen") && more) {
                maxlen = Args.toNonNegativeLong(argv[++j], "ERR MAXLEN can't be negative");
            } else {
                throw Errors.syntax();
            }
        }
        boolean fromTail = rank < 0;
        if (fromTail) {
            rank = -rank;
        }
        ListValue list = lists.read(c, argv[1]);
        Reply r = c.reply();
        if (list == null) {
            if (count != -1) {
                r.emptyArray();
            } else {
                r.nullBulk();
            }
            return;
        }
        int len = list.size();
        long matches = 0;
        // RANK -9223372036854775808 stays negative when negated, so (as in Redis) matches - rank + 1 wraps and
        // COUNT never ends the scan: every match is collected.
        boolean unbounded = count == 0 || rank == Long.MIN_VALUE;
        long[] found = count != -1 ? new long[(int) (unbounded ? len : Math.min(count, len))] : null;
        int foundCount = 0;
        long single = -1;
        for (int k = 0; k < len && (maxlen == 0 || k < maxlen); k++) {
            int i = fromTail ? len - 1 - k : k;
            if (!Arrays.equals(list.get(i), argv[2])) {
                continue;
            }
            matches++;
            if (matches < rank) {
                continue;
            }
            if (found == null) {
                single = i;
                break;
            }
            found[foundCount++] = i;
            if (count != 0 && matches - rank + 1 >= count) {
                break;
            }
        }
        if (found == null) {
            if (single >= 0) {
                r.integer(single);
            } else {
                r.nullBulk();
            }
            return;
        }
        r.arrayHeader(foundCount);
        for (int i = 0; i < foundCount; i++) {
            r.integer(found[i]);
        }
    }

    private void lmove(Client c, byte[][] argv) {
        boolean fromHead = ListAccess.parseEnd(argv[3]);
        boolean toHead = ListAccess.parseEnd(argv[4]);
        move(c, argv[1], argv[2], fromHead, toHead);
    }

    private void move(Client c, byte[] src, byte[] dst, boolean fromHead, boolean toHead) {
        ListValue list = lists.write(c, src);
        if (list == null) {
            c.reply().nullBulk();
            return;
        }
        lists.move(c, src, list, dst, fromHead, toHead);
    }

    /** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]. */
    private void lmpop(Client c, byte[][] argv) {
        MultiPopArgs a = MultiPopArgs.parse(argv, 1, "left", "right");
        for (int i = 0; i < a.numKeys(); i++) {
            byte[] key = argv[a.firstKey() + i];
            ListValue list = lists.write(c, key);
            if (list != null) {
                lists.popRangeWithKey(c, key, list, a.fromFirst(), a.count());
                return;
            }
        }
        c.reply().nullArray();
    }
}
