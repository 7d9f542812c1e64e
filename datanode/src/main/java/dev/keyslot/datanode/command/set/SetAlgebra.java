package dev.keyslot.datanode.command.set;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.set.SetValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SINTER (and SMEMBERS), SINTERCARD, SUNION, SDIFF and the STORE forms. Results are built the way Redis
 * builds them, starting from an empty intset, so their encoding and therefore their order match: an
 * all-integer result comes out sorted.
 */
final class SetAlgebra {
    private static final String NUMKEYS = "ERR numkeys should be greater than 0";
    private static final String TOO_MANY_KEYS = "ERR Number of keys can't be greater than number of args";
    private static final String NEGATIVE_LIMIT = "ERR LIMIT can't be negative";

    private final Server server;
    private final TypedLookup lookup;
    private final SetWriter writer;

    SetAlgebra(Server server, TypedLookup lookup, SetWriter writer) {
        this.server = server;
        this.lookup = lookup;
        this.writer = writer;
    }

    void sinter(Client c, byte[][] argv) {
        intersect(c, argv, 1, argv.length, null, false, 0);
    }

    void sinterstore(Client c, byte[][] argv) {
        intersect(c, argv, 2, argv.length, argv[1], false, 0);
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit]. */
    void sintercard(Client c, byte[][] argv) {
        long numKeys = Args.toLong(argv[1], NUMKEYS);
        if (numKeys < 1) {
            throw new CommandError(NUMKEYS);
        }
        if (numKeys > argv.length - 2) {
            throw new CommandError(TOO_MANY_KEYS);
        }
        long limit = 0;
        for (int i = 2 + (int) numKeys; i < argv.length; i++) {
            if (Args.is(argv[i], "limit") && i + 1 < argv.length) {
                limit = Args.toLong(argv[++i], NEGATIVE_LIMIT);
                if (limit < 0) {
                    throw new CommandError(NEGATIVE_LIMIT);
                }
            } else {
                throw Errors.syntax();
            }
        }
        intersect(c, argv, 2, 2 + (int) numKeys, null, true, limit);
    }

    void sunion(Client c, byte[][] argv) {
        replySet(c.reply(), combine(c.db(), argv, 1, false));
    }

    void sunionstore(Client c, byte[][] argv) {
        store(c, argv[1], combine(c.db(), argv, 2, false), "sunionstore");
    }

    void sdiff(Client c, byte[][] argv) {
        replySet(c.reply(), combine(c.db(), argv, 1, true));
    }

    void sdiffstore(Client c, byte[][] argv) {
        store(c, argv[1], combine(c.db(), argv, 2, true), "sdiffstore");
    }

    /** The set rebuilt as SUNION of itself would build it (SPOP's whole-set reply). */
    SetValue rebuilt(SetValue s) {
        SetValue result = SetValue.emptyIntset();
        long maxIntset = writer.maxIntsetEntries();
        s.forEach(m -> result.add(m, maxIntset));
        return result;
    }

    static void replySet(Reply r, SetValue s) {
        r.setHeader(s.size());
        s.forEach(r::bulk);
    }

    private void intersect(Client c, byte[][] argv, int from, int to, byte[] dstKey, boolean cardinalityOnly,
                           long limit) {
        Database db = c.db();
        List<SetValue> sets = new ArrayList<>(to - from);
        boolean anyMissing = false;
        for (int i = from; i < to; i++) {
            SetValue s = lookup.value(db, argv[i], ValueType.SET);
            if (s == null) {
                anyMissing = true;
            } else {
                sets.add(s);
            }
        }
        Reply r = c.reply();
        if (anyMissing) {
            if (dstKey != null) {
                store(c, dstKey, SetValue.emptyIntset(), "sinterstore");
            } else if (cardinalityOnly) {
                r.integer(0);
            } else {
                r.setHeader(0);
            }
            return;
        }
        // Smallest first, ties in argument order (Redis's qsort is glibc's stable merge sort).
        sets.sort(Comparator.comparingInt(SetValue::size));
        SetValue smallest = sets.get(0);
        List<byte[]> members = new ArrayList<>();
        long[] cardinality = new long[1];
        smallest.forEach(m -> {
            if (limit != 0 && cardinality[0] >= limit) {
                return;
            }
            for (int j = 1; j < sets.size(); j++) {
                if (sets.get(j) != smallest && !sets.get(j).contains(m)) {
                    return;
                }
            }
            cardinality[0]++;
            if (!cardinalityOnly) {
                members.add(m);
            }
        });
        if (cardinalityOnly) {
            r.integer(cardinality[0]);
        } else if (dstKey != null) {
            SetValue result = SetValue.emptyIntset();
            long maxIntset = writer.maxIntsetEntries();
            for (byte[] m : members) {
                result.add(m, maxIntset);
            }
            store(c, dstKey, result, "sinterstore");
        } else {
            r.setHeader(members.size());
            for (byte[] m : members) {
                r.bulk(m);
            }
        }
    }

    /** SUNION or SDIFF of argv[from..]: a missing key is an empty set. */
    private SetValue combine(Database db, byte[][] argv, int from, boolean difference) {
        SetValue[] sets = new SetValue[argv.length - from];
        boolean firstRepeated = false;
        for (int i = 0; i < sets.length; i++) {
            sets[i] = lookup.value(db, argv[from + i], ValueType.SET);
            if (i > 0 && sets[i] == sets[0]) {
                firstRepeated = true;
            }
        }
        SetValue result = SetValue.emptyIntset();
        long maxIntset = writer.maxIntsetEntries();
        if (!difference) {
            for (SetValue s : sets) {
                if (s != null) {
                    s.forEach(m -> result.add(m, maxIntset));
                }
            }
        } else if (sets[0] != null && !firstRepeated) {
            if (prefersLookups(sets)) {
                differenceByLookups(sets, result, maxIntset);
            } else {
                differenceByRemoval(sets, result, maxIntset);
            }
        }
        return result;
    }

    /**
     * Redis's choice between its two SDIFF algorithms, which matters beyond speed: building the first set
     * whole and removing from it can pass the intset limit where adding only the survivors does not.
     */
    private static boolean prefersLookups(SetValue[] sets) {
        long lookups = 0;
        long removals = 0;
        for (SetValue s : sets) {
            if (s != null) {
                lookups += sets[0].size();
                removals += s.size();
            }
        }
        return lookups / 2 <= removals;
    }

    private static void differenceByLookups(SetValue[] sets, SetValue result, long maxIntset) {
        // Larger sets first: they are the likeliest to contain a given member.
        Arrays.sort(sets, 1, sets.length, Comparator.comparingInt((SetValue s) -> s == null ? 0 : s.size()).reversed());
        sets[0].forEach(m -> {
            for (int j = 1; j < sets.length; j++) {
                if (sets[j] != null && sets[j].contains(m)) {
                    return;
                }
            }
            result.add(m, maxIntset);
        });
    }

    private static void differenceByRemoval(SetValue[] sets, SetValue result, long maxIntset) {
        sets[0].forEach(m -> result.add(m, maxIntset));
        for (int j = 1; j < sets.length && result.size() > 0; j++) {
            if (sets[j] != null) {
                sets[j].forEach(result::remove);
            }
        }
    }

    /** Stores a STORE command's result (deleting the destination when empty) and replies its size. */
    private void store(Client c, byte[] dstKey, SetValue result, String event) {
        Database db = c.db();
        if (result.size() > 0) {
            db.set(dstKey, result, false);
            writer.notify(NotifyType.SET, event, dstKey, db);
            server.stats().dirty++;
        } else if (db.delete(dstKey)) {
            writer.notify(NotifyType.GENERIC, "del", dstKey, db);
            server.stats().dirty++;

        }
        c.reply().integer(result.size());
    }
}
