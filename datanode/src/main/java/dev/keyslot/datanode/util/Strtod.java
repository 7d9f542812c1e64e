package dev.keyslot.datanode.util;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * C's strtod as Redis relies on it: the longest prefix that forms a number (decimal, hexadecimal,
 * inf/infinity, nan), after optional leading white space. Redis validates score arguments (string2d),
 * score range bounds (zslParseRange) and timeouts (strtold) with different rules on top of it.
 */
public final class Strtod {
    private Strtod() {
    }

    /** Index just past the number that starts at from (after white space), or from when there is none. */
    public static int scan(byte[] b, int from, int to) {
        int i = from;
        while (i < to && isSpace(b[i])) {
            i++;
        }
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            i++;
        }
        int word = matchWord(b, i, to);
        if (word > i) {
            return word;
        }
        if (i + 1 < to && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
            int hexEnd = scanDigits(b, i + 2, to, true);
            if (hexEnd > i + 2) {
                return hexEnd;
            }
            // "0x" without hex digits: strtod takes just the "0".
            return i + 1;
        }
        int end = scanDigits(b, i, to, false);
        if (end == i) {
            return from;
        }
        if (end < to && (b[end] == 'e' || b[end] == 'E')) {
            int e = end + 1;
            if (e < to && (b[e] == '+' || b[e] == '-')) {
                e++;
            }
            int expEnd = e;
            while (expEnd < to && b[expEnd] >= '0' && b[expEnd] <= '9') {
                expEnd++;
            }
            if (expEnd > e) {
                end = expEnd;
            }
        }
        return end;
    }

    /** Mantissa digits with at most one point; for hex also the 'p' exponent. Returns from when no digit. */
    private static int scanDigits(byte[] b, int from, int to, boolean hex) {
        int i = from;
        int digits = 0;
        boolean point = false;
        while (i < to) {
            byte c = b[i];
            if (isDigit(c, hex)) {
                digits++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
            i++;
        }
        if (digits == 0) {
            return from;
        }
        if (hex && i < to && (b[i] == 'p' || b[i] == 'P')) {
            int e = i + 1;
            if (e < to && (b[e] == '+' || b[e] == '-')) {
                e++;
            }
            int expEnd = e;
            while (expEnd < to && b[expEnd] >= '0' && b[expEnd] <= '9') {
                expEnd++;
            }
            if (expEnd > e) {
                i = expEnd;
            }
        }
        return i;
    }

    private static int matchWord(byte[] b, int i, int to) {
        if (startsWithIgnoreCase(b, i, to, "infinity")) {
            return i + 8;
        }
        if (startsWithIgnoreCase(b, i, to, "inf")) {
            return i + 3;
        }
        if (startsWithIgnoreCase(b, i, to, "nan")) {
            int j = i + 3;
            if (j < to && b[j] == '(') {
                int k = j + 1;
                while (k < to && (Character.isLetterOrDigit(b[k]) || b[k] == '_')) {
                    k++;
                }
                if (k < to && b[k] == ')') {
                    return k + 1;
                }
            }
            return j;
        }
        return i;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int i, int to, String word) {
        if (to - i < word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (Character.toLowerCase(b[i + k]) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte c, boolean hex) {
        return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
    }

    public static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    /** The double value of a range that {@link #scan} accepted (rounded to nearest, ±inf on overflow). */
    public static double value(byte[] b, int from, int to) {
        double simple = simpleDecimal(b, from, to);
        if (!Double.isNaN(simple)) {
            return simple;
        }
        String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1).strip();
        return parseNumber(s);
    }

    /** Powers of ten a double holds exactly. */
    private static final double[] EXACT_POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    };

    /**
     * Scores and increments are mostly short decimals ("12", "-3.5"): with at most 15 digits the digits and
     * the power of ten are exact doubles, so one division rounds correctly, as strtod does, without the
     * String and the general parser per call. NaN for anything else (exponents, hex, spaces, long literals).
     */
    private static double simpleDecimal(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long digits = 0;
        int count = 0;
        int fractionDigits = -1;
        for (; i < to; i++) {
            byte c = b[i];
            if (c >= '0' && c <= '9') {
                if (++count > 15) {
                    return Double.NaN;
                }
                digits = digits * 10 + (c - '0');
                if (fractionDigits >= 0) {
                    fractionDigits++;
                }
            } else if (c == '.' && fractionDigits < 0) {
                fractionDigits = 0;
            } else {
                return Double.NaN;
            }
        }
        if (count == 0) {
            return Double.NaN;
        }
        double v = fractionDigits > 0 ? digits / EXACT_POWERS_OF_TEN[fractionDigits] : digits;
        return negative ? -v : v;
    }

    /** The exact decimal value of a finite number that {@link #scan} accepted, for long double callers. */
    public static BigDecimal exact(byte[] b, int from, int to) {
        String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1).strip();
        String unsigned = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        if (unsigned.startsWith("0x") || unsigned.startsWith("0X")) {
            return new BigDecimal(parseNumber(s));
        }
        BigDecimal v = new BigDecimal(unsigned.endsWith(".") ? unsigned + "0" : unsigned);
        return s.startsWith("-") ? v.negate() : v;
    }

    private static double parseNumber(String s) {
        boolean negative = s.startsWith("-");
        String unsigned = negative || s.startsWith("+") ? s.substring(1) : s;
        String lower = unsigned.toLowerCase(java.util.Locale.ROOT);
        double v;
        if (lower.startsWith("inf")) {
            v = Double.POSITIVE_INFINITY;
        } else if (lower.startsWith("nan")) {
            v = Double.NaN;
        } else if (lower.startsWith("0x")) {
            String hex = unsigned.indexOf('p') < 0 && unsigned.indexOf('P') < 0 ? unsigned + "p0" : unsigned;
            v = Double.parseDouble(hex.startsWith("0x.") || hex.startsWith("0X.") ? "0x0" + hex.substring(2) : hex);
        } else {
            v = Double.parseDouble(unsigned);
        }
        return negative ? -v : v;
    }

    /** True when a nonzero mantissa digit appears (so a zero result means underflow, not an exact zero). */
    public static boolean hasNonZeroDigit(byte[] b, int from, int to) {
        int i = from;
        while (i < to && (isSpace(b[i]) || b[i] == '+' || b[i] == '-')) {
            i++;
        }
        boolean hex = i + 1 < to && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X');
        if (hex) {
            i += 2;
        }
        for (; i < to; i++) {
            byte c = b[i];
            if (c == '.') {
                continue;
            }
            if (!isDigit(c, hex)) {
                return false;
            }
            if (c != '0') {
                return true;
            }
        }
        return false;
    }

    /**
     * Redis's string2d: the whole argument must be a number, without leading space, not NaN, and not out
     * of the double range (overflow, or underflow to zero).
     */
    public static boolean parseStrict(byte[] b, double[] out) {
        int n = b.length;
        if (n == 0 || isSpace(b[0]) || scan(b, 0, n) != n) {
            return false;
        }
        double v = value(b, 0, n);
        if (Double.isNaN(v) || outOfRange(b, 0, n, v)) {
            return false;
        }
        out[0] = v;
        return true;
    }

    /**
     * strtod's range error for the value v of a range {@link #scan} accepted: a finite literal that
     * overflows, or a nonzero one that underflows to zero.
     */
    public static boolean outOfRange(byte[] b, int from, int to, double v) {
        if (Double.isInfinite(v)) {
            return !isInfinityWord(b, from, to);
        }
        return v == 0 && hasNonZeroDigit(b, from, to);
    }

    /**
     * glibc's strtod also sets ERANGE for a result in the subnormal range that the literal does not give
     * exactly; only callers that test errno alone (SORT) refuse it. Hexadecimal literals are taken as exact.
     */
    public static boolean inexactSubnormal(byte[] b, int from, int to, double v) {
        if (v == 0 || !Double.isFinite(v) || Math.abs(v) >= Double.MIN_NORMAL) {
            return false;
        }
        return exact(b, from, to).compareTo(new BigDecimal(v)) != 0;
    }

    private static boolean isInfinityWord(byte[] b, int from, int to) {
        int i = from;
        while (i < to && (isSpace(b[i]) || b[i] == '+' || b[i] == '-')) {
            i++;
        }
        return i < to && (b[i] == 'i' || b[i] == 'I');
    }


    /**
     * Plain strtod on the argument read as a C string (up to a NUL byte) starting at from: what
     * zslParseRange accepts. Leading space, an empty string (zero) and out-of-range values are fine.
     */
    public static boolean parseLenient(byte[] b, int from, double[] out) {
        int to = from;
        while (to < b.length && b[to] != 0) {
            to++;
        }
        int end = scan(b, from, to);
        if (end != to) {
            return false;
        }
        double v = end == from ? 0 : value(b, from, end);
        if (Double.isNaN(v)) {
            return false;
        }
        out[0] = v;
        return true;
    }
}
