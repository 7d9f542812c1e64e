package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.keyspace.hash.HashValue;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.util.Numbers;

import java.nio.charset.StandardCharsets;

/**
 * The listpacks redis-server holds small hashes and sorted sets in, byte for byte: what an RDB file carries for them
 * and what MEMORY USAGE measures.
 */
public final class ValueListpacks {
    /** Redis stores a listpack score as an integer only within this magnitude (its double2ll). */
    private static final double INTEGER_SCORE_LIMIT = (double) (Long.MAX_VALUE / 2);

    private ValueListpacks() {
    }

    /** Field/value pairs in insertion order. */
    public static Listpack of(HashValue hash) {
        Listpack lp = new Listpack();
        hash.forEach((field, v) -> {
            lp.append(field);
            lp.append(v);
        });
        return lp;
    }

    /** Member/score pairs in order. */
    public static Listpack of(ZSetValue zset) {
        Listpack lp = new Listpack();
        for (ZSetEntry n = zset.first(); n != null; n = n.next()) {
            lp.append(n.member());
            appendScore(lp, n.score());
        }
        return lp;
    }

    private static void appendScore(Listpack lp, double score) {
        if (score >= -INTEGER_SCORE_LIMIT && score <= INTEGER_SCORE_LIMIT && score == (long) score) {
            lp.appendInteger((long) score);
        } else {
            lp.append(Numbers.formatDouble17g(score).getBytes(StandardCharsets.US_ASCII));
        }
    }
}
