package dev.keyslot.datanode.command.generic;

import java.util.Arrays;
import java.util.Comparator;

/** One element being sorted with what it sorts by: a numeric score, or for ALPHA BY the looked-up bytes. */
final class SortKey {
    final byte[] element;
    double score;
    byte[] by;

    SortKey(byte[] element) {
        this.element = element;
    }

    /**
     * Redis's sortCompare. Numeric: by score, ties by element bytes. ALPHA: by the BY value (missing values
     * first) or the element; with STORE bytes compare as binary, otherwise as C strings under strcoll in the
     * C locale, i.e. unsigned bytes up to the first NUL.
     */
    static Comparator<SortKey> comparator(boolean alpha, boolean byPattern, boolean store, boolean desc) {
        Comparator<SortKey> c;
        if (!alpha) {
            c = (a, b) -> {
                int cmp = Double.compare(a.score == 0.0 ? 0.0 : a.score, b.score == 0.0 ? 0.0 : b.score);
                return cmp != 0 ? cmp : binary(a.element, b.element);
            };
        } else if (byPattern) {
            c = (a, b) -> {
                if (a.by == null || b.by == null) {
                    return a.by == b.by ? 0 : a.by == null ? -1 : 1;
                }
                return store ? binary(a.by, b.by) : cString(a.by, b.by);
            };
        } else {
            c = (a, b) -> store ? binary(a.element, b.element) : cString(a.element, b.element);
        }
        return desc ? c.reversed() : c;
    }

    static int binary(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    static int cString(byte[] a, byte[] b) {
        int i = 0;
        while (true) {
            int x = i < a.length ? a[i] & 0xff : 0;
            int y = i < b.length ? b[i] & 0xff : 0;
            if (x != y || x == 0) {
                return x - y;
            }
            i++;
        }
    }
}
