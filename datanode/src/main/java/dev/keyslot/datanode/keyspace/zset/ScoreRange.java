package dev.keyslot.datanode.keyspace.zset;

/** A score interval as ZRANGEBYSCORE takes it: "(" makes a bound exclusive. */
public record ScoreRange(double min, double max, boolean minExclusive, boolean maxExclusive) {

    public boolean aboveMin(double score) {
        return minExclusive ? score > min : score >= min;
    }

    public boolean belowMax(double score) {
        return maxExclusive ? score < max : score <= max;
    }

    public boolean contains(double score) {
        return aboveMin(score) && belowMax(score);
    }

    /** True when no score can be inside (min above max, or an exclusive single point). */
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }
}
