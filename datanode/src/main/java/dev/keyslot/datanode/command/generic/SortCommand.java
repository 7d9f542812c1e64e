package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.command.KeyFinders;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.Elements;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.list.ListValue;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC | DESC] [ALPHA] [STORE destination] and
 * SORT_RO (no STORE), over lists, sets and sorted sets (values implementing {@link Elements}).
 */
public final class SortCommand implements CommandGroup {
    private static final byte[] EMPTY = new byte[0];

    private final Server server;
    private final TypedLookup lookup;
    private final SortScore scores = new SortScore();
    private CommandSpec sort;
    private CommandSpec sortReadOnly;

    public SortCommand(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
    }

    private static final KeySpec SORTED = KeySpec.index(1).flags("RO access");
    private static final KeySpec BY_AND_GET = KeySpec.unknown().flags("RO access")
            .notes("For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the"
                    + " content of the key we sort");
    private static final KeySpec STORE = KeySpec.unknown().flags("OW update")
            .notes("For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere"
                    + " in the argument array");

    @Override
    public void register(CommandTable t) {
        sort = t.add("sort", -2, "write denyoom movablekeys", 1, 1, 1, "set sortedset list dangerous",
                (c, argv) -> sort(c, argv, false))
                .keySpecs(SORTED, BY_AND_GET, STORE)
                .keysFoundBy(KeyFinders::sort)
                .keyFlagsFoundBy((argv, position) -> position == 1 ? SORTED.flags() : STORE.flags());
        sortReadOnly = t.add("sort_ro", -2, "readonly movablekeys", 1, 1, 1, "set sortedset list dangerous",
                (c, argv) -> sort(c, argv, true))
                .keySpecs(SORTED, BY_AND_GET)
                .keyFlagsFoundBy((argv, position) -> SORTED.flags());
    }

    /** The parsed options. */
    private static final class Request {
        boolean desc;
        boolean alpha;
        long limitStart;
        long limitCount = -1;
        byte[] store;
        SortPattern by;
        boolean dontSort;
        final List<SortPattern> gets = new ArrayList<>();
    }

    private Request parse(Client c, byte[][] argv, boolean readOnly) {
        Request r = new Request();
        for (int j = 2; j < argv.length; j++) {
            int left = argv.length - j - 1;
            byte[] a = argv[j];
            if (Args.is(a, "asc")) {
                r.desc = false;
            } else if (Args.is(a, "desc")) {
                r.desc = true;
            } else if (Args.is(a, "alpha")) {
                r.alpha = true;
            } else if (Args.is(a, "limit") && left >= 2) {
                r.limitStart = Args.toLong(argv[j + 1]);
                r.limitCount = Args.toLong(argv[j + 2]);
                j += 2;
            } else if (!readOnly && Args.is(a, "store") && left >= 1) {
                r.store = argv[++j];
            } else if (Args.is(a, "by") && left >= 1) {
                r.by = new SortPattern(argv[++j]);
                r.dontSort = !r.by.hasStar();
                if (!r.dontSort) {
                    checkPatternAllowed(c, argv, readOnly, "BY");
                }
            } else if (Args.is(a, "get") && left >= 1) {
                checkPatternAllowed(c, argv, readOnly, "GET");
                r.gets.add(new SortPattern(argv[++j]));
            } else {
                throw Errors.syntax();
            }
        }
        return r;
    }

    /**
     * BY and GET patterns name keys of their own: Redis refuses them in cluster mode, and to users who may not
     * read every key.
     */
    private void checkPatternAllowed(Client c, byte[][] argv, boolean readOnly, String option) {
        if (server.cluster() != null) {
            throw new CommandError("ERR " + option + " option of SORT denied in Cluster mode.");
        }
        if (!c.user().unrestricted()
                && !server.acl().readsEveryKey(c, readOnly ? sortReadOnly : sort, argv)) {
            throw new CommandError("ERR " + option + " option of SORT denied due to insufficient ACL permissions.");
        }
    }

    private void sort(Client c, byte[][] argv, boolean readOnly) {
        Request r = parse(c, argv, readOnly);
        Database db = c.db();
        KeyEntry source = lookup.read(db, argv[1]);
        ValueType type = source == null ? ValueType.LIST : ValueType.of(source.value);
        if (type != ValueType.LIST && type != ValueType.SET && type != ValueType.ZSET) {
            throw Errors.wrongType();
        }
        if (r.dontSort && type == ValueType.SET && (r.store != null || c.runsScripts())) {
            // Set order is arbitrary; Redis sorts when the result is stored or a script sees it, so replicas agree.
            r.dontSort = false;
            r.alpha = true;
            r.by = null;
        }
        if (source != null && source.value instanceof ZSetValue zset && zset.isListpack()) {
            // Redis converts a listpack sorted set to a skiplist for good before sorting it (OBJECT ENCODING shows it).
            db.beforeWrite(source);
            zset.convertToSkiplist();
            db.remeasure(source);
        }
        List<byte[]> all = new ArrayList<>();
        if (source != null) {
            ((Elements) source.value).forEachElement(all::add);
        }
        int length = all.size();
        long start = Math.min(Math.max(r.limitStart, 0), length);
        long count = Math.min(Math.max(r.limitCount, -1), length);
        long end = count < 0 ? length - 1 : start + count - 1;
        if (start >= length) {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) {
            end = length - 1;
        }
        List<SortKey> vector = new ArrayList<>(length);
        if (r.dontSort && type != ValueType.SET) {
            // Natural order, walked from the tail for DESC, only the requested range.
            if (r.desc) {
                Collections.reverse(all);
            }
            if (end >= start) {
                for (long i = start; i <= end; i++) {
                    vector.add(new SortKey(all.get((int) i)));
                }
                end -= start;
                start = 0;
            }
        } else {
            for (byte[] element : all) {
                vector.add(new SortKey(element));
            }
        }
        boolean conversionError = !r.dontSort && sortVector(r, db, vector);
        long outputLength = (r.gets.isEmpty() ? 1 : r.gets.size()) * (end - start + 1);
        if (conversionError) {
            throw new CommandError("ERR One or more scores can't be converted into double");
        }
        if (r.store == null) {
            reply(c.reply(), r, db, vector, (int) start, (int) end, outputLength);
        } else {
            store(c, r, db, vector, (int) start, (int) end, outputLength);
        }
    }

    /** Computes the sort keys and sorts; returns true when some score was not a number. */
    private boolean sortVector(Request r, Database db, List<SortKey> vector) {
        boolean conversionError = false;
        for (SortKey k : vector) {
            byte[] by = r.by == null ? k.element : r.by.resolve(lookup, db, k.element);
            if (by == null) {
                continue;
            }
            if (r.alpha) {
                if (r.by != null) {
                    k.by = by;
                }
            } else {
                k.score = scores.of(by);
                if (Double.isNaN(k.score)) {
                    conversionError = true;
                }
            }
        }
        // Stable like glibc's merge sort; with a total order a partial sort for LIMIT gives the same range.
        vector.sort(SortKey.comparator(r.alpha, r.by != null, r.store != null, r.desc));
        return conversionError;
    }

    private void reply(Reply reply, Request r, Database db, List<SortKey> vector, int start, int end, long n) {
        reply.arrayHeader(n);
        for (int j = start; j <= end; j++) {
            byte[] element = vector.get(j).element;
            if (r.gets.isEmpty()) {
                reply.bulk(element);
            }
            for (SortPattern get : r.gets) {
                byte[] v = get.resolve(lookup, db, element);
                if (v == null) {
                    reply.nullBulk();
                } else {
                    reply.bulk(v);
                }
            }
        }
    }

    private void store(Client c, Request r, Database db, List<SortKey> vector, int start, int end, long n) {
        ListValue out = new ListValue();
        for (int j = start; j <= end; j++) {
            byte[] element = vector.get(j).element;
            if (r.gets.isEmpty()) {
                out.addLast(element);
            }
            for (SortPattern get : r.gets) {
                byte[] v = get.resolve(lookup, db, element);
                out.addLast(v == null ? EMPTY : v);
            }
        }
        if (n > 0) {
            db.set(r.store, out, false);
            server.notifications().notify(NotifyType.LIST, "sortstore", r.store, db);
            server.stats().dirty += n;
        } else if (db.delete(r.store)) {
            server.notifications().notify(NotifyType.GENERIC, "del", r.store, db);
            server.stats().dirty++;

        }
        c.reply().integer(n);
    }
}
