package dev.keyslot.datanode.command.zset;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.KeySpec;
import dev.keyslot.datanode.keyspace.zset.LexRange;
import dev.keyslot.datanode.keyspace.zset.ScoreRange;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.List;

/** ZRANGE in all its forms (and the deprecated ZRANGEBY*, ZREV*), ZRANGESTORE and ZREMRANGEBY*. */
public final class ZSetRangeCommands implements CommandGroup {
    private enum By {
        AUTO(null), RANK("zremrangebyrank"), SCORE("zremrangebyscore"), LEX("zremrangebylex");

        /** The keyspace event of the ZREMRANGEBY variant. */
        final String removeEvent;

        By(String removeEvent) {
            this.removeEvent = removeEvent;
        }
    }

    private enum Direction { AUTO, FORWARD, REVERSE }

    private final Server server;
    private final ZSetAccess zsets;

    public ZSetRangeCommands(Server server) {
        this.server = server;
        this.zsets = new ZSetAccess(server);
    }

    @Override
    public void register(CommandTable t) {
        t.add("zrange", -4, "readonly", 1, 1, 1, "sortedset",
                (c, argv) -> range(c, argv, 1, false, By.AUTO, Direction.AUTO)).keySpecFlags("RO access");
        t.add("zrangestore", -5, "write denyoom", 1, 2, 1, "sortedset",
                (c, argv) -> range(c, argv, 2, true, By.AUTO, Direction.AUTO))
                .keySpecs(KeySpec.index(1).flags("OW update"), KeySpec.index(2).flags("RO access"));
        t.add("zrevrange", -4, "readonly", 1, 1, 1, "sortedset",
                (c, argv) -> range(c, argv, 1, false, By.RANK, Direction.REVERSE)).keySpecFlags("RO access");
        t.add("zrangebyscore", -4, "readonly", 1, 1, 1, "sortedset",
                (c, argv) -> range(c, argv, 1, false, By.SCORE, Direction.FORWARD)).keySpecFlags("RO access");
        t.add("zrevrangebyscore", -4, "readonly", 1, 1, 1, "sortedset",
                (c, argv) -> range(c, argv, 1, false, By.SCORE, Direction.REVERSE)).keySpecFlags("RO access");
        t.add("zrangebylex", -4, "readonly", 1, 1, 1, "sortedset",
                (c, argv) -> range(c, argv, 1, false, By.LEX, Direction.FORWARD)).keySpecFlags("RO access");
        t.add("zrevrangebylex", -4, "readonly", 1, 1, 1, "sortedset",
                (c, argv) -> range(c, argv, 1, false, By.LEX, Direction.REVERSE)).keySpecFlags("RO access");
        t.add("zremrangebyrank", 4, "write", 1, 1, 1, "sortedset", (c, argv) -> removeRange(c, argv, By.RANK))
                .keySpecFlags("RW delete");
        t.add("zremrangebyscore", 4, "write", 1, 1, 1, "sortedset", (c, argv) -> removeRange(c, argv, By.SCORE))
                .keySpecFlags("RW delete");
        t.add("zremrangebylex", 4, "write", 1, 1, 1, "sortedset", (c, argv) -> removeRange(c, argv, By.LEX))
                .keySpecFlags("RW delete");
    }

    /** Redis's zrangeGenericCommand: options, then bounds, then the lookup. */
    private void range(Client c, byte[][] argv, int keyIdx, boolean store, By by, Direction direction) {
        int minIdx = keyIdx + 1;
        int maxIdx = keyIdx + 2;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = keyIdx + 3; j < argv.length; j++) {
            int left = argv.length - j - 1;
            if (!store && Args.is(argv[j], "withscores")) {
                withScores = true;
            } else if (Args.is(argv[j], "limit") && left >= 2) {
                offset = Args.toLong(argv[j + 1]);
                limit = Args.toLong(argv[j + 2]);
                j += 2;
            } else if (direction == Direction.AUTO && Args.is(argv[j], "rev")) {
                direction = Direction.REVERSE;
            } else if (by == By.AUTO && Args.is(argv[j], "bylex")) {
                by = By.LEX;
            } else if (by == By.AUTO && Args.is(argv[j], "byscore")) {
                by = By.SCORE;
            } else {
                throw Errors.syntax();
            }
        }
        boolean reverse = direction == Direction.REVERSE;
        if (by == By.AUTO) {
            by = By.RANK;
        }
        if (limit != -1 && by == By.RANK) {
            throw new CommandError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && by == By.LEX) {
            throw new CommandError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        if (reverse && by != By.RANK) {
            int tmp = minIdx;
            minIdx = maxIdx;
            maxIdx = tmp;
        }
        long start = 0;
        long end = 0;
        ScoreRange scores = null;
        LexRange lex = null;
        switch (by) {
            case SCORE -> scores = ZSetAccess.parseScoreRange(argv[minIdx], argv[maxIdx]);
            case LEX -> {
                lex = LexRange.parse(argv[minIdx], argv[maxIdx]);
                if (lex == null) {
                    throw new CommandError(ZSetAccess.LEX_RANGE_INVALID);
                }
            }
            default -> {
                start = Args.toLong(argv[minIdx]);
                end = Args.toLong(argv[maxIdx]);
            }
        }
        ZSetValue z = zsets.read(c, argv[keyIdx]);
        if (z == null) {
            if (store) {
                zsets.store(c, argv[1], new ZSetValue(true), "zrangestore");
            } else {
                c.reply().emptyArray();
            }
            return;
        }
        List<ZSetEntry> nodes = switch (by) {
            case SCORE -> RangeSelection.byScore(z, scores, offset, limit, reverse);
            case LEX -> RangeSelection.byLex(z, lex, offset, limit, reverse);
            default -> RangeSelection.byRank(z, start, end, reverse);
        };
        if (!store) {
            ZSetAccess.replyMembers(c.reply(), nodes, withScores);
            return;
        }
        boolean knownLength = by == By.RANK;
        ZSetValue result = new ZSetValue(!knownLength || nodes.size() <= zsets.maxListpackEntries());
        for (ZSetEntry n : nodes) {
            zsets.insert(result, n.member(), n.score());
        }
        zsets.store(c, argv[1], result, "zrangestore");
    }

    private void removeRange(Client c, byte[][] argv, By by) {
        long start = 0;
        long end = 0;
        ScoreRange scores = null;
        LexRange lex = null;
        switch (by) {
            case SCORE -> scores = ZSetAccess.parseScoreRange(argv[2], argv[3]);
            case LEX -> {
                lex = LexRange.parse(argv[2], argv[3]);
                if (lex == null) {
                    throw new CommandError(ZSetAccess.LEX_RANGE_INVALID);
                }
            }
            default -> {
                start = Args.toLong(argv[2]);
                end = Args.toLong(argv[3]);
            }
        }
        ZSetValue z = zsets.write(c, argv[1]);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        List<ZSetEntry> nodes = switch (by) {
            case SCORE -> RangeSelection.byScore(z, scores, 0, -1, false);
            case LEX -> RangeSelection.byLex(z, lex, 0, -1, false);
            default -> RangeSelection.byRank(z, start, end, false);
        };
        for (ZSetEntry n : nodes) {
            z.remove(n);
        }
        if (!nodes.isEmpty()) {
            zsets.removed(c.db(), argv[1], z, nodes.size(), by.removeEvent, ZSetAccess.SignalAt.BEFORE_EVENTS);
        }
        c.reply().integer(nodes.size());
    }
}
