package dev.keyslot.datanode.command.zset;

import dev.keyslot.datanode.command.Args;
import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.keyspace.zset.LexRange;
import dev.keyslot.datanode.keyspace.zset.ScoreRange;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/** Sorted-set writes of single members and the point queries: ZADD, ZINCRBY, ZREM, ZSCORE, ZRANK, ... */
public final class ZSetCommands implements CommandGroup {
    private static final String NAN_RESULT = "ERR resulting score is not a number (NaN)";

    private final Server server;
    private final ZSetAccess zsets;

    public ZSetCommands(Server server) {
        this.server = server;
        this.zsets = new ZSetAccess(server);
    }

    @Override
    public void register(CommandTable t) {
        t.add("zadd", -4, "write denyoom fast", 1, 1, 1, "sortedset", (c, argv) -> zadd(c, argv, false))
                .keySpecFlags("RW update");
        t.add("zincrby", 4, "write denyoom fast", 1, 1, 1, "sortedset", (c, argv) -> zadd(c, argv, true))
                .keySpecFlags("RW access update");
        t.add("zrem", -3, "write fast", 1, 1, 1, "sortedset", this::zrem).keySpecFlags("RW delete");
        t.add("zcard", 2, "readonly fast", 1, 1, 1, "sortedset", this::zcard).keySpecFlags("RO");
        t.add("zscore", 3, "readonly fast", 1, 1, 1, "sortedset", this::zscore).keySpecFlags("RO access");
        t.add("zmscore", -3, "readonly fast", 1, 1, 1, "sortedset", this::zmscore).keySpecFlags("RO access");
        t.add("zrank", 3, "readonly fast", 1, 1, 1, "sortedset", (c, argv) -> zrank(c, argv, false))
                .keySpecFlags("RO access");
        t.add("zrevrank", 3, "readonly fast", 1, 1, 1, "sortedset", (c, argv) -> zrank(c, argv, true))
                .keySpecFlags("RO access");
        t.add("zcount", 4, "readonly fast", 1, 1, 1, "sortedset", this::zcount).keySpecFlags("RO access");
        t.add("zlexcount", 4, "readonly fast", 1, 1, 1, "sortedset", this::zlexcount).keySpecFlags("RO access");
    }

    /** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]; ZINCRBY is ZADD INCR. */
    private void zadd(Client c, byte[][] argv, boolean incrCommand) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = incrCommand;
        int scoreIdx = 2;
        for (; scoreIdx < argv.length; scoreIdx++) {
            byte[] opt = argv[scoreIdx];
            if (Args.is(opt, "nx")) {
                nx = true;
            } else if (Args.is(opt, "xx")) {
                xx = true;
            } else if (Args.is(opt, "ch")) {
                ch = true;
            } else if (Args.is(opt, "incr")) {
                incr = true;
            } else if (Args.is(opt, "gt")) {
                gt = true;
            } else if (Args.is(opt, "lt")) {
                lt = true;
            } else {
                break;
            }
        }
        int elements = argv.length - scoreIdx;
        if (elements % 2 != 0 || elements == 0) {
            throw Errors.syntax();
        }
        elements /= 2;
        if (nx && xx) {
            throw new CommandError("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new CommandError("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) {
            throw new CommandError("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            scores[j] = ZSetAccess.parseScore(argv[scoreIdx + j * 2]);
        }
        byte[] key = argv[1];
        ZSetValue z = zsets.write(c, key);
        int added = 0;
        int updated = 0;
        int processed = 0;
        double score = 0;
        if (z == null && !xx) {
            boolean listpack = zsets.maxListpackEntries() != 0
                    && zsets.maxListpackValue() >= argv[scoreIdx + 1].length;
            z = new ZSetValue(listpack);
            c.db().addUnsignalled(key, z);
        }
        if (z != null) {
            for (int j = 0; j < elements; j++) {
                byte[] member = argv[scoreIdx + 1 + j * 2];
                score = scores[j];
                ZSetEntry node = z.find(member);
                if (node == null) {
                    if (xx) {
                        continue;
                    }
                    zsets.insert(z, member, score);
                    added++;
                    processed++;
                    continue;
                }
                if (nx) {
                    continue;
                }
                double current = node.score();
                if (incr) {
                    score += current;
                    if (Double.isNaN(score)) {
                        if (added + updated > 0) {
                            c.db().signalModified(key);
                            zsets.notify(NotifyType.ZSET, incr ? "zincr" : "zadd", key, c.db());
                        }
                        throw new CommandError(NAN_RESULT);
                    }
                }
                if ((lt && score >= current) || (gt && score <= current)) {
                    continue;
                }
                processed++;
                if (score != current) {
                    z.updateScore(node, score);
                    updated++;
                }
            }
            server.stats().dirty += added + updated;
        }
        if (incr) {
            if (processed > 0) {
                c.reply().doubleValue(score);
            } else {
                c.reply().nullBulk();
            }
        } else {
            c.reply().integer(ch ? added + updated : added);
        }
        // After the reply, as Redis: what a client redirecting its invalidations here receives follows it.
        if (added + updated > 0) {
            c.db().signalModified(key);
            zsets.notify(NotifyType.ZSET, incr ? "zincr" : "zadd", key, c.db());
        }
    }

    private void zrem(Client c, byte[][] argv) {
        ZSetValue z = zsets.write(c, argv[1]);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        int deleted = 0;
        for (int j = 2; j < argv.length && z.size() > 0; j++) {
            if (z.remove(argv[j])) {
                deleted++;
            }
        }
        if (deleted > 0) {
            zsets.removed(c.db(), argv[1], z, deleted, "zrem", ZSetAccess.SignalAt.AFTER_DEL);
        }
        c.reply().integer(deleted);
    }

    private void zcard(Client c, byte[][] argv) {
        ZSetValue z = zsets.read(c, argv[1]);
        c.reply().integer(z == null ? 0 : z.size());
    }

    private void zscore(Client c, byte[][] argv) {
        ZSetValue z = zsets.read(c, argv[1]);
        ZSetEntry node = z == null ? null : z.find(argv[2]);
        if (node == null) {
            c.reply().nullBulk();
        } else {
            c.reply().doubleValue(node.score());
        }
    }

    private void zmscore(Client c, byte[][] argv) {
        ZSetValue z = zsets.read(c, argv[1]);
        Reply r = c.reply();
        r.arrayHeader(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            ZSetEntry node = z == null ? null : z.find(argv[j]);
            if (node == null) {
                r.nullBulk();
            } else {
                r.doubleValue(node.score());
            }
        }
    }

    private void zrank(Client c, byte[][] argv, boolean reverse) {
        ZSetValue z = zsets.read(c, argv[1]);
        ZSetEntry node = z == null ? null : z.find(argv[2]);
        if (node == null) {
            c.reply().nullBulk();
            return;
        }
        long rank = z.rank(node);
        c.reply().integer(reverse ? z.size() - 1 - rank : rank);
    }

    private void zcount(Client c, byte[][] argv) {
        ScoreRange range = ZSetAccess.parseScoreRange(argv[2], argv[3]);
        ZSetValue z = zsets.read(c, argv[1]);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        ZSetEntry first = z.firstInRange(range);
        c.reply().integer(first == null ? 0 : z.rank(z.lastInRange(range)) - z.rank(first) + 1);
    }

    private void zlexcount(Client c, byte[][] argv) {
        LexRange range = LexRange.parse(argv[2], argv[3]);
        if (range == null) {
            throw new CommandError(ZSetAccess.LEX_RANGE_INVALID);
        }
        ZSetValue z = zsets.read(c, argv[1]);
        if (z == null) {
            c.reply().integer(0);
            return;
        }
        c.reply().integer(z.lexCount(range));
    }
}
