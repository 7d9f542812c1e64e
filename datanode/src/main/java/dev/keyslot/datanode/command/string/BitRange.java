package dev.keyslot.datanode.command.string;

/**
 * A BITCOUNT/BITPOS range converted to bytes: Redis's index rules (negative from the end, clamped to the
 * string), and for BIT units masks of the bits in the edge bytes that lie outside the range.
 */
record BitRange(long start, long end, int firstByteMask, int lastByteMask) {

    /** start and end are inclusive, in bytes or bits; empty when start > end afterwards. */
    static BitRange of(long start, long end, long byteLength, boolean bits) {
        long total = bits ? byteLength << 3 : byteLength;
        long s = Math.max(0, start < 0 ? total + start : start);
        long e = Math.max(0, end < 0 ? total + end : end);
        if (e >= total) {
            e = total - 1;
        }
        if (!bits || s > e) {
            return new BitRange(s, e, 0, 0);
        }
        int first = ~((1 << (8 - (s & 7))) - 1) & 0xff;
        int last = (1 << (7 - (e & 7))) - 1;
        return new BitRange(s >> 3, e >> 3, first, last);
    }

    static BitRange whole(long byteLength) {
        return new BitRange(0, byteLength - 1, 0, 0);
    }

    boolean isEmpty() {
        return start > end;
    }
}
