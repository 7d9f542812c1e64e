package dev.keyslot.datanode.command.zset;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.Errors;
import dev.keyslot.datanode.command.TypedLookup;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.keyspace.zset.ScoreRange;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.set.SetValue;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.pubsub.NotifyType;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;
import dev.keyslot.datanode.util.Strtod;

import java.util.List;

/**
 * What the sorted-set commands share: typed lookups, the listpack limits, the bookkeeping after removals,
 * score and range parsing, and member/score replies in the RESP2 (flat) or RESP3 (pairs) shape.
 */
final class ZSetAccess {
    static final String RANGE_NOT_FLOAT = "ERR min or max is not a float";
    static final String LEX_RANGE_INVALID = "ERR min or max not valid string range item";

    private final Server server;
    private final TypedLookup lookup;
    /** Cached because ZADD consults them for every member; refreshed when the configuration changes. */
    private volatile long maxListpackEntries;
    private volatile long maxListpackValue;

    ZSetAccess(Server server) {
        this.server = server;
        this.lookup = new TypedLookup(server.stats());
        readLimits();
        server.config().onChange((name, value) -> readLimits());
    }

    private void readLimits() {
        maxListpackEntries = server.config().getLong("zset-max-listpack-entries");
        maxListpackValue = server.config().getLong("zset-max-listpack-value");
    }

    ZSetValue read(Client c, byte[] key) {
        return lookup.value(c.db(), key, ValueType.ZSET);
    }

    /**
     * An input of ZUNION/ZINTER/ZDIFF and their STORE forms: a sorted set, or a plain set whose members all
     * count with score 1, as Redis allows; null when the key is missing, WRONGTYPE for other types.
     */
    ZSetValue readSetOperand(Client c, byte[] key) {
        KeyEntry e = lookup.read(c.db(), key);
        if (e == null) {
            return null;
        }
        if (e.value instanceof ZSetValue zset) {
            return zset;
        }
        if (e.value instanceof SetValue set) {
            ZSetValue scored = new ZSetValue(false);
            set.forEachElement(member -> scored.insert(member, 1.0));
            return scored;
        }
        throw Errors.wrongType();
    }

    ZSetValue write(Client c, byte[] key) {
        KeyEntry e = lookup.write(c.db(), key, ValueType.ZSET);
        return e == null ? null : (ZSetValue) e.value;
    }

    long maxListpackEntries() {
        return maxListpackEntries;
    }

    long maxListpackValue() {
        return maxListpackValue;
    }

    void insert(ZSetValue z, byte[] member, double score) {
        z.insert(member, score, maxListpackEntries(), maxListpackValue());
    }

    /**
     * Where a removal signals the key (client-side caching's invalidation, WATCH) among its keyspace events: each
     * command does it where Redis's does, which a tracking client subscribed to the events sees.
     */
    enum SignalAt {
        /** ZREMRANGEBYSCORE, ZREMRANGEBYRANK, ZREMRANGEBYLEX. */
        BEFORE_EVENTS,
        /** ZPOPMIN, ZPOPMAX and their blocking and ZMPOP forms: after the pop event, before "del". */
        AFTER_EVENT,
        /** ZREM. */
        AFTER_DEL
    }

    /**
     * After members were removed: publishes event, deletes the key when empty (publishing "del"), signals the
     * change where the command's signal comes; counts them.
     */
    void removed(Database db, byte[] key, ZSetValue z, long count, String event, SignalAt signalAt) {
        if (signalAt == SignalAt.BEFORE_EVENTS) {
            db.signalModified(key);
        }
        notify(NotifyType.ZSET, event, key, db);
        if (signalAt == SignalAt.AFTER_EVENT) {
            db.signalModified(key);
        }
        if (z.size() == 0) {
            db.removeEntry(db.lookup(key));
            notify(NotifyType.GENERIC, "del", key, db);
        }
        if (signalAt == SignalAt.AFTER_DEL) {
            db.signalModified(key);
        }
        server.stats().dirty += count;
    }

    /**
     * Stores a computed result at dst (replacing it, TTL included) and publishes event, or deletes dst when
     * the result is empty.
     */
    void store(Client c, byte[] dst, ZSetValue result, String event) {
        Database db = c.db();
        if (result.size() > 0) {
            db.set(dst, result, false);
            c.reply().integer(result.size());
            notify(NotifyType.ZSET, event, dst, db);
            server.stats().dirty++;
        } else {
            c.reply().integer(0);
            if (db.delete(dst)) {
                notify(NotifyType.GENERIC, "del", dst, db);
                server.stats().dirty++;
            }
        }
    }

    void notify(NotifyType type, String event, byte[] key, Database db) {
        server.notifications().notify(type, event, key, db);
    }


    /** A score argument (string2d rules). */
    static double parseScore(byte[] arg, String error) {
        double[] out = new double[1];
        if (!Strtod.parseStrict(arg, out)) {
            throw new CommandError(error);
        }
        return out[0];
    }

    static double parseScore(byte[] arg) {
        return parseScore(arg, Errors.NOT_FLOAT);
    }

    /** ZRANGEBYSCORE bounds: "(" for exclusive, then whatever strtod takes. */
    static ScoreRange parseScoreRange(byte[] min, byte[] max) {
        double[] lo = new double[1];
        double[] hi = new double[1];
        boolean minEx = min.length > 0 && min[0] == '(';
        boolean maxEx = max.length > 0 && max[0] == '(';
        if (!Strtod.parseLenient(min, minEx ? 1 : 0, lo) || !Strtod.parseLenient(max, maxEx ? 1 : 0, hi)) {
            throw new CommandError(RANGE_NOT_FLOAT);
        }
        return new ScoreRange(lo[0], hi[0], minEx, maxEx);
    }

    static void replyMember(Reply r, byte[] member, double score, boolean withScores) {
        if (withScores && r.resp3()) {
            r.arrayHeader(2);
        }
        r.bulk(member);
        if (withScores) {
            r.doubleValue(score);
        }
    }

    /** An array of members, with scores flat (RESP2) or as [member, score] pairs (RESP3). */
    static void replyMembers(Reply r, List<ZSetEntry> nodes, boolean withScores) {
        r.arrayHeader(withScores && !r.resp3() ? nodes.size() * 2L : nodes.size());
        for (ZSetEntry n : nodes) {
            replyMember(r, n.member(), n.score(), withScores);
        }
    }
}
