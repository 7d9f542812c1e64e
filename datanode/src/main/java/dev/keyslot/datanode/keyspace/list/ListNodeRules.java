package dev.keyslot.datanode.keyspace.list;

import dev.keyslot.datanode.keyspace.ListpackSizes;

import dev.keyslot.datanode.util.Numbers;

/**
 * Redis 7.0's quicklist sizing rules: how list-max-listpack-size and list-compress-depth are clamped, which
 * elements get a plain node of their own, and how many bytes an element takes in a listpack (strings that are
 * canonical integers are stored as integers), since a node's listpack size decides whether it takes more.
 */
public final class ListNodeRules {
    /** A listpack's header (total bytes, element count) and its terminator. */
    static final int EMPTY_LISTPACK = 7;
    /** Node size limits of the negative fills -1 to -5. */
    private static final int[] SIZE_LEVELS = {4096, 8192, 16384, 32768, 65536};
    /** A positive fill counts elements, but a node stops growing past this many bytes anyway. */
    private static final int SIZE_SAFETY_LIMIT = 8192;
    /** Redis's allowance for an element's encoding and backlen bytes when estimating a node's growth. */
    private static final int ENTRY_OVERHEAD_ESTIMATE = 8;
    /** Redis's allowance for the header and terminator two listpacks stop repeating once merged. */
    private static final int MERGE_SAVING_ESTIMATE = 11;
    private static final int MIN_FILL = -5;
    private static final int MAX_FILL = (1 << 15) - 1;
    private static final int MAX_COMPRESS_DEPTH = (1 << 16) - 1;
    private static final long DEFAULT_PACKED_THRESHOLD = 1L << 30;
    /** Redis refuses thresholds from here on: a plain node's length must stay below 4 GB. */
    private static final long MAX_PACKED_THRESHOLD = (1L << 32) - (1 << 20);
    /** Process-wide, as Redis's packed_threshold is (DEBUG QUICKLIST-PACKED-THRESHOLD). */
    private static volatile long packedThreshold = DEFAULT_PACKED_THRESHOLD;

    private ListNodeRules() {
    }

    /** Elements of at least bytes get a plain node of their own; 0 restores the default. False when too big. */
    public static boolean setPackedThreshold(long bytes) {
        if (bytes < 0 || bytes > MAX_PACKED_THRESHOLD) {
            return false;
        }
        packedThreshold = bytes == 0 ? DEFAULT_PACKED_THRESHOLD : bytes;
        return true;
    }

    static boolean isLarge(int length) {
        return length >= packedThreshold;
    }

    /** list-max-listpack-size as a list keeps it. */
    static short clampFill(long fill) {
        return (short) Math.max(MIN_FILL, Math.min(MAX_FILL, fill));
    }

    /** list-compress-depth as a list keeps it. */
    static char clampCompressDepth(long depth) {
        return (char) Math.max(0, Math.min(MAX_COMPRESS_DEPTH, depth));
    }

    /** Whether a packed node of nodeBytes and count elements takes an element of length bytes. */
    static boolean allowsInsert(int nodeBytes, int count, int fill, int length) {
        if (isLarge(length)) {
            return false;
        }
        return withinFill((long) nodeBytes + length + ENTRY_OVERHEAD_ESTIMATE, count, fill, false);
    }

    /** Whether two packed nodes may become one. */
    static boolean allowsMerge(int bytesA, int countA, int bytesB, int countB, int fill) {
        return withinFill(bytesA + bytesB - MERGE_SAVING_ESTIMATE, countA + countB, fill, true);
    }

    /** A negative fill bounds the estimated bytes; a positive one the count, under the safety limit. */
    private static boolean withinFill(long estimatedBytes, int count, int fill, boolean countIncluded) {
        if (fill < 0 && -fill - 1 < SIZE_LEVELS.length && estimatedBytes <= SIZE_LEVELS[-fill - 1]) {
            return true;
        }
        if (estimatedBytes > SIZE_SAFETY_LIMIT) {
            return false;
        }
        return countIncluded ? count <= fill : count < fill;
    }

    /** The bytes the listpack entry of this string takes: encoding, data and backlen. */
    static int entryBytes(byte[] array, int offset, int length) {
        long[] parsed;
        if (mayBeInteger(array, offset, length) && Numbers.parseLong(array, offset, length, parsed = new long[1])) {
            // An integer's entry is at most 9 bytes: its backlen is one byte.
            return ListpackSizes.integerSize(parsed[0]) + 1;
        }
        long encoded = (length < 64 ? 1 : length < 4096 ? 2 : 5) + (long) length;
        return (int) (encoded + ListpackSizes.backlenBytes(encoded));
    }

    /** A cheap first look, so most strings are told apart without parsing. */
    private static boolean mayBeInteger(byte[] array, int offset, int length) {
        if (length == 0 || length > 20) {
            return false;
        }
        byte first = array[offset];
        return first == '-' || first >= '0' && first <= '9';
    }
}
