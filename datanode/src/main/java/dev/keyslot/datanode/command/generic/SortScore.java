package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.util.Strtod;

/**
 * The numeric value SORT gives an element: C's strtod over the bytes up to the first NUL, which must be
 * consumed entirely. Leading white space and hexadecimal are accepted, the empty string is 0, and NaN or
 * out-of-range values (subnormal results too, which glibc reports as ERANGE) are errors.
 */
final class SortScore {
    /** The score, or NaN when the bytes are not a number SORT accepts. */
    double of(byte[] s) {
        int end = 0;
        while (end < s.length && s[end] != 0) {
            end++;
        }
        if (end == 0) {
            return 0;
        }
        if (Strtod.scan(s, 0, end) != end) {
            return Double.NaN;
        }
        double v = Strtod.value(s, 0, end);
        return Strtod.outOfRange(s, 0, end, v) || Strtod.inexactSubnormal(s, 0, end, v) ? Double.NaN : v;
    }
}
