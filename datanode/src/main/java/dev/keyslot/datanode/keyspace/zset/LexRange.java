package dev.keyslot.datanode.keyspace.zset;

import java.util.Arrays;

/**
 * A member interval as ZRANGEBYLEX takes it: "[x" inclusive, "(x" exclusive, "-" and "+" the infinite
 * ends. Members compare as unsigned bytes.
 */
public final class LexRange {
    /** The sentinel bounds; compared by identity. */
    static final byte[] NEGATIVE_INFINITY = new byte[0];
    static final byte[] POSITIVE_INFINITY = new byte[0];

    private final byte[] min;
    private final byte[] max;
    private final boolean minExclusive;
    private final boolean maxExclusive;

    private LexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive) {
        this.min = min;
        this.max = max;
        this.minExclusive = minExclusive;
        this.maxExclusive = maxExclusive;
    }

    /** Parses the two bounds; null when either is not a valid range item. */
    public static LexRange parse(byte[] min, byte[] max) {
        byte[] lo = bound(min);
        byte[] hi = bound(max);
        if (lo == null || hi == null) {
            return null;
        }
        return new LexRange(lo, exclusive(min), hi, exclusive(max));
    }

    private static byte[] bound(byte[] item) {
        if (item.length == 0) {
            return null;
        }
        return switch (item[0]) {
            case '+' -> item.length == 1 ? POSITIVE_INFINITY : null;
            case '-' -> item.length == 1 ? NEGATIVE_INFINITY : null;
            case '(', '[' -> Arrays.copyOfRange(item, 1, item.length);
            default -> null;
        };
    }

    private static boolean exclusive(byte[] item) {
        return item[0] != '[';
    }

    static int compare(byte[] a, byte[] b) {
        if (a == b) {
            return 0;
        }
        if (a == NEGATIVE_INFINITY || b == POSITIVE_INFINITY) {
            return -1;
        }
        if (a == POSITIVE_INFINITY || b == NEGATIVE_INFINITY) {
            return 1;
        }
        return Arrays.compareUnsigned(a, b);
    }

    public boolean aboveMin(byte[] member) {
        int c = compare(member, min);
        return minExclusive ? c > 0 : c >= 0;
    }

    public boolean belowMax(byte[] member) {
        int c = compare(member, max);
        return maxExclusive ? c < 0 : c <= 0;
    }

    public boolean isEmpty() {
        int c = compare(min, max);
        return c > 0 || (c == 0 && (minExclusive || maxExclusive));
    }
}
