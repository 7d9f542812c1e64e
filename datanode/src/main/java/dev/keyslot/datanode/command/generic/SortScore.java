package dev.keyslot.datanode.command.generic;

import dev.keyslot.datanode.util.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The numeric value SORT gives an element: C's strtod over the bytes up to the first NUL, which must be
 * consumed entirely. Leading white space and hexadecimal are accepted, the empty string is 0, and NaN or
 * out-of-range values are errors.
 */
final class SortScore {
    private final double[] parsed = new double[1];

    /** The score, or NaN when the bytes are not a number SORT accepts. */
    double of(byte[] s) {
        int end = 0;
        while (end < s.length && s[end] != 0) {
            end++;
        }
        if (end == 0) {
            return 0;
        }
        int start = 0;
        while (start < end && isSpace(s[start])) {
            start++;
        }
        if (start == end) {
            return Double.NaN;
        }
        byte[] text = new byte[end - start];
        System.arraycopy(s, start, text, 0, text.length);
        if (isHex(text)) {
            return hex(text);
        }
        if (!Numbers.parseDouble(text, parsed)) {
            return Double.NaN;
        }
        return outOfRange(parsed[0], text) ? Double.NaN : parsed[0];
    }

    /** strtod reports ERANGE when a finite literal overflows or a non-zero one underflows to zero. */
    private static boolean outOfRange(double v, byte[] text) {
        if (Double.isInfinite(v)) {
            return !containsLetter(text, 'i');
        }
        if (v == 0) {
            for (byte b : text) {
                if (b == 'e' || b == 'E') {
                    break;
                }
                if (b >= '1' && b <= '9') {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean containsLetter(byte[] text, char letter) {
        for (byte b : text) {
            if ((b | 0x20) == letter) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHex(byte[] t) {
        int i = t.length > 0 && (t[0] == '-' || t[0] == '+') ? 1 : 0;
        return t.length > i + 2 && t[i] == '0' && (t[i + 1] | 0x20) == 'x';
    }

    private static double hex(byte[] text) {
        String s = new String(text, StandardCharsets.US_ASCII);
        String lower = s.toLowerCase(Locale.ROOT);
        try {
            double v = Double.parseDouble(lower.contains("p") ? lower : lower + "p0");
            return Double.isInfinite(v) ? Double.NaN : v;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
