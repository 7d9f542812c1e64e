package dev.keyslot.datanode.command.zset;

import dev.keyslot.datanode.keyspace.zset.LexRange;
import dev.keyslot.datanode.keyspace.zset.ScoreRange;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The members a ZRANGE-style query selects, in reply order. */
final class RangeSelection {
    private RangeSelection() {
    }

    /** By 0-based inclusive ranks, negative counting from the end; reverse ranks from the highest. */
    static List<ZSetEntry> byRank(ZSetValue z, long start, long end, boolean reverse) {
        long len = z.size();
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
            return Collections.emptyList();
        }
        if (end >= len) {
            end = len - 1;
        }
        int count = (int) (end - start + 1);
        List<ZSetEntry> out = new ArrayList<>(count);
        ZSetEntry n = reverse ? z.byRank(len - 1 - start) : z.byRank(start);
        for (int i = 0; i < count; i++) {
            out.add(n);
            n = reverse ? n.previous() : n.next();
        }
        return out;
    }

    /**
     * By score, skipping offset members then taking at most limit (negative: no limit). A negative offset
     * selects nothing, as Redis's skip loop then runs off the end.
     */
    static List<ZSetEntry> byScore(ZSetValue z, ScoreRange range, long offset, long limit, boolean reverse) {
        ZSetEntry start = reverse ? z.lastInRange(range) : z.firstInRange(range);
        return walk(z, start, offset, limit, reverse,
                n -> reverse ? range.aboveMin(n.score()) : range.belowMax(n.score()));
    }

    static List<ZSetEntry> byLex(ZSetValue z, LexRange range, long offset, long limit, boolean reverse) {
        ZSetEntry start = reverse ? z.lastInRange(range) : z.firstInRange(range);
        return walk(z, start, offset, limit, reverse,
                n -> reverse ? range.aboveMin(n.member()) : range.belowMax(n.member()));
    }

    /** From start, skips offset members then takes at most limit while the far end of the range holds. */
    private static List<ZSetEntry> walk(ZSetValue z, ZSetEntry start, long offset, long limit, boolean reverse,
                                       java.util.function.Predicate<ZSetEntry> withinEnd) {
        if (offset > 0 && offset >= z.size()) {
            return Collections.emptyList();
        }
        ZSetEntry n = skip(start, offset, reverse);
        List<ZSetEntry> out = new ArrayList<>();
        while (n != null && limit-- != 0 && withinEnd.test(n)) {
            out.add(n);
            n = reverse ? n.previous() : n.next();
        }
        return out;
    }

    private static ZSetEntry skip(ZSetEntry n, long offset, boolean reverse) {
        while (n != null && offset-- != 0) {
            n = reverse ? n.previous() : n.next();
        }
        return n;
    }
}
