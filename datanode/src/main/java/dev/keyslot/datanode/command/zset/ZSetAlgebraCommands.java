package dev.keyslot.datanode.command.zset;

import dev.keyslot.datanode.command.KeyFinders;
import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.keyspace.Dict;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** ZUNION, ZINTER, ZDIFF, their STORE forms, and ZINTERCARD. */
public final class ZSetAlgebraCommands implements CommandGroup {
    private enum Op {
        UNION("zunionstore"), INTER("zinterstore"), DIFF("zdiffstore");

        /** The keyspace event of the STORE variant. */
        final String storeEvent;

        Op(String storeEvent) {
            this.storeEvent = storeEvent;
        }
    }

    private enum Aggregate { SUM, MIN, MAX }

    /** One input: its set (null when the key is missing) and weight. */
    private static final class Source {
        final ZSetValue set;
        double weight = 1;

        Source(ZSetValue set) {
            this.set = set;
        }

        int size() {
            return set == null ? 0 : set.size();
        }
    }

    private final Server server;
    private final ZSetAccess zsets;

    public ZSetAlgebraCommands(Server server) {
        this.server = server;
        this.zsets = new ZSetAccess(server);
    }

    @Override
    public void register(CommandTable t) {
        t.add("zunion", -3, "readonly movablekeys", 0, 0, 0, "sortedset", (c, argv) -> run(c, argv, Op.UNION, false, false))
                .keysFoundBy(KeyFinders.numkeysAt(1)).keySpecs(KeySpec.index(1).keynum(0, 1, 1).flags("RO access"));
        t.add("zinter", -3, "readonly movablekeys", 0, 0, 0, "sortedset", (c, argv) -> run(c, argv, Op.INTER, false, false))
                .keysFoundBy(KeyFinders.numkeysAt(1)).keySpecs(KeySpec.index(1).keynum(0, 1, 1).flags("RO access"));
        t.add("zdiff", -3, "readonly movablekeys", 0, 0, 0, "sortedset", (c, argv) -> run(c, argv, Op.DIFF, false, false))
                .keysFoundBy(KeyFinders.numkeysAt(1)).keySpecs(KeySpec.index(1).keynum(0, 1, 1).flags("RO access"));
        t.add("zintercard", -3, "readonly movablekeys", 0, 0, 0, "sortedset", (c, argv) -> run(c, argv, Op.INTER, false, true))
                .keysFoundBy(KeyFinders.numkeysAt(1)).keySpecs(KeySpec.index(1).keynum(0, 1, 1).flags("RO access"));
        t.add("zunionstore", -4, "write denyoom movablekeys", 1, 1, 1, "sortedset", (c, argv) -> run(c, argv, Op.UNION, true, false))
                .keysFoundBy(KeyFinders.destinationThenNumkeys())
                .keySpecs(KeySpec.index(1).flags("OW update"), KeySpec.index(2).keynum(0, 1, 1).flags("RO access"));
        t.add("zinterstore", -4, "write denyoom movablekeys", 1, 1, 1, "sortedset", (c, argv) -> run(c, argv, Op.INTER, true, false))
                .keysFoundBy(KeyFinders.destinationThenNumkeys())
                .keySpecs(KeySpec.index(1).flags("OW update"), KeySpec.index(2).keynum(0, 1, 1).flags("RO access"));
        t.add("zdiffstore", -4, "write denyoom movablekeys", 1, 1, 1, "sortedset", (c, argv) -> run(c, argv, Op.DIFF, true, false))
                .keysFoundBy(KeyFinders.destinationThenNumkeys())
                .keySpecs(KeySpec.index(1).flags("OW update"), KeySpec.index(2).keynum(0, 1, 1).flags("RO access"));
    }

    /** Redis's zunionInterDiffGenericCommand: numkeys, type checks of the inputs, then the options. */
    private void run(Client c, byte[][] argv, Op op, boolean store, boolean cardinalityOnly) {
        int numKeysIdx = store ? 2 : 1;
        long setnum = Args.toLong(argv[numKeysIdx]);
        if (setnum < 1) {
            throw new CommandError("ERR at least 1 input key is needed for '" + Args.lower(argv[0]) + "' command");
        }
        if (setnum > argv.length - (numKeysIdx + 1)) {
            throw Errors.syntax();
        }
        Source[] src = new Source[(int) setnum];
        int j = numKeysIdx + 1;
        for (int i = 0; i < setnum; i++, j++) {
            src[i] = new Source(zsets.readSetOperand(c, argv[j]));
        }
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        while (j < argv.length) {
            int remaining = argv.length - j;
            if (op != Op.DIFF && !cardinalityOnly && remaining >= setnum + 1 && Args.is(argv[j], "weights")) {
                j++;
                for (Source s : src) {
                    s.weight = ZSetAccess.parseScore(argv[j++], "ERR weight value is not a float");
                }
            } else if (op != Op.DIFF && !cardinalityOnly && remaining >= 2 && Args.is(argv[j], "aggregate")) {
                byte[] a = argv[j + 1];
                if (Args.is(a, "sum")) {
                    aggregate = Aggregate.SUM;
                } else if (Args.is(a, "min")) {
                    aggregate = Aggregate.MIN;
                } else if (Args.is(a, "max")) {
                    aggregate = Aggregate.MAX;
                } else {
                    throw Errors.syntax();
                }
                j += 2;
            } else if (!store && !cardinalityOnly && Args.is(argv[j], "withscores")) {
                withScores = true;
                j++;
            } else if (cardinalityOnly && remaining >= 2 && Args.is(argv[j], "limit")) {
                limit = Args.toNonNegativeLong(argv[j + 1], "ERR LIMIT can't be negative");
                j += 2;
            } else {
                throw Errors.syntax();
            }
        }
        if (op != Op.DIFF) {
            Arrays.sort(src, Comparator.comparingInt(Source::size));
        }
        if (cardinalityOnly) {
            c.reply().integer(interCardinality(src, limit));
            return;
        }
        ZSetValue result = switch (op) {
            case UNION -> union(src, aggregate);
            case INTER -> intersection(src, aggregate);
            default -> difference(src);
        };
        if (store) {
            result.compactIfFits(zsets.maxListpackEntries(), zsets.maxListpackValue());
            zsets.store(c, argv[1], result, op.storeEvent);
            return;
        }
        List<ZSetEntry> nodes = new ArrayList<>(result.size());
        for (ZSetEntry n = result.first(); n != null; n = n.next()) {
            nodes.add(n);
        }
        ZSetAccess.replyMembers(c.reply(), nodes, withScores);
    }

    private static double weighted(double score, double weight) {
        double v = score * weight;
        return Double.isNaN(v) ? 0 : v;
    }

    private static double aggregate(double acc, double value, Aggregate how) {
        return switch (how) {
            case SUM -> {
                double sum = acc + value;
                yield Double.isNaN(sum) ? 0 : sum;
            }
            case MIN -> value < acc ? value : acc;
            case MAX -> value > acc ? value : acc;
        };
    }

    private static ZSetValue union(Source[] src, Aggregate how) {
        Dict<Dict.Entry> acc = new Dict<>();
        List<Dict.Entry> order = new ArrayList<>();
        for (Source s : src) {
            if (s.set == null) {
                continue;
            }
            for (ZSetEntry n = s.set.first(); n != null; n = n.next()) {
                double score = weighted(n.score(), s.weight);
                Dict.Entry e = acc.get(n.member());
                if (e == null) {
                    e = new Dict.Entry(n.member(), new double[] {score});
                    acc.add(e);
                    order.add(e);
                } else {
                    double[] v = (double[]) e.value;
                    v[0] = aggregate(v[0], score, how);
                }
            }
        }
        ZSetValue result = new ZSetValue(false);
        for (Dict.Entry e : order) {
            result.insert(e.key, ((double[]) e.value)[0]);
        }
        return result;
    }

    private static ZSetValue intersection(Source[] src, Aggregate how) {
        ZSetValue result = new ZSetValue(false);
        if (src[0].size() == 0) {
            return result;
        }
        for (ZSetEntry n = src[0].set.first(); n != null; n = n.next()) {
            Double score = intersectScore(src, n, how);
            if (score != null) {
                result.insert(n.member(), score);
            }
        }
        return result;
    }

    /** The aggregated score of a member of the smallest input, or null when another input lacks it. */
    private static Double intersectScore(Source[] src, ZSetEntry n, Aggregate how) {
        double score = weighted(n.score(), src[0].weight);
        for (int j = 1; j < src.length; j++) {
            ZSetEntry other = src[j].set.find(n.member());
            if (other == null) {
                return null;
            }
            score = aggregate(score, other.score() * src[j].weight, how);
        }
        return score;
    }

    private static long interCardinality(Source[] src, long limit) {
        if (src[0].size() == 0) {
            return 0;
        }
        long count = 0;
        for (ZSetEntry n = src[0].set.first(); n != null; n = n.next()) {
            if (containedInAll(src, n.member())) {
                count++;
                if (limit != 0 && count >= limit) {
                    break;
                }
            }
        }
        return count;
    }

    private static boolean containedInAll(Source[] src, byte[] member) {
        for (int j = 1; j < src.length; j++) {
            if (src[j].set.find(member) == null) {
                return false;
            }
        }
        return true;
    }

    private static ZSetValue difference(Source[] src) {
        ZSetValue result = new ZSetValue(false);
        if (src[0].size() == 0) {
            return result;
        }
        for (ZSetEntry n = src[0].set.first(); n != null; n = n.next()) {
            if (!containedInAny(src, n.member())) {
                result.insert(n.member(), n.score());
            }
        }
        return result;
    }

    private static boolean containedInAny(Source[] src, byte[] member) {
        for (int j = 1; j < src.length; j++) {
            if (src[j].set != null && src[j].set.find(member) != null) {
                return true;
            }
        }
        return false;
    }
}
