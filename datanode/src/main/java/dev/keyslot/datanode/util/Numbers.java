package dev.keyslot.datanode.util;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** Number parsing and formatting with Redis's exact rules (string2ll, string2ld, %.17g). */
public final class Numbers {
    /** 10^0 .. 10^18, every power of ten a long holds. */
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private Numbers() {
    }

    /**
     * C's atoi as glibc does it: leading white space, an optional sign, then digits up to the first other
     * byte; 0 when there are none. Out-of-range values saturate as strtol does before the cast to int.
     */
    public static int atoi(byte[] b) {
        int i = 0;
        while (i < b.length && (b[i] == ' ' || (b[i] >= '\t' && b[i] <= '\r'))) {
            i++;
        }
        boolean negative = false;
        if (i < b.length && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long v = 0;
        for (; i < b.length && b[i] >= '0' && b[i] <= '9'; i++) {
            int digit = b[i] - '0';
            if (v > (Long.MAX_VALUE - digit) / 10) {
                return (int) (negative ? Long.MIN_VALUE : Long.MAX_VALUE);
            }
            v = v * 10 + digit;
        }
        return (int) (negative ? -v : v);
    }

    /** Sentinel-free strict parse: returns true and stores into out[0] when b is a canonical 64-bit integer. */
    public static boolean parseLong(byte[] b, long[] out) {
        return parseLong(b, 0, b.length, out);
    }

    /**
     * Redis's string2ll: optional '-', no leading '+', no spaces, no leading zeros ("0" alone is fine),
     * at most 20 characters, within the 64-bit range.
     */
    public static boolean parseLong(byte[] b, int off, int len, long[] out) {
        if (len == 0 || len > 20) {
            return false;
        }
        int i = off;
        int end = off + len;
        if (len == 1 && b[i] == '0') {
            out[0] = 0;
            return true;
        }
        boolean negative = false;
        if (b[i] == '-') {
            negative = true;
            i++;
            if (i == end) {
                return false;
            }
        }
        if (b[i] < '1' || b[i] > '9') {
            return false;
        }
        long v = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            // Accumulate negatively so Long.MIN_VALUE parses.
            if (v < (Long.MIN_VALUE + d) / 10) {
                return false;
            }
            v = v * 10 - d;
        }
        if (negative) {
            out[0] = v;
            return true;
        }
        if (v == Long.MIN_VALUE) {
            return false;
        }
        out[0] = -v;
        return true;
    }

    /** Parses a long, or returns null-equivalent through the boolean flag; convenience for cold paths. */
    public static Long parseLongOrNull(byte[] b) {
        long[] out = new long[1];
        return parseLong(b, out) ? out[0] : null;
    }

    private static final byte[][] SMALL = new byte[10001][];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** ASCII bytes of a long; small non-negative values are shared constants, so callers must not mutate them. */
    public static byte[] toBytes(long v) {
        if (v >= 0 && v < SMALL.length) {
            return SMALL[(int) v];
        }
        // Digits straight into the result: INCR counters soon pass the shared range, and going through a String
        // would allocate twice per increment.
        if (v == Long.MIN_VALUE) {
            return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
        }
        int sign = v < 0 ? 1 : 0;
        long rest = Math.abs(v);
        byte[] out = new byte[sign + decimalLength(rest)];
        writeDigits(rest, out, out.length);
        if (sign == 1) {
            out[0] = '-';
        }
        return out;
    }

    /** Writes the decimal digits of a non-negative long so that the last one lands just before end. */
    public static void writeDigits(long nonNegative, byte[] out, int end) {
        long rest = nonNegative;
        int i = end;
        do {
            long quotient = rest / 10;
            out[--i] = (byte) ('0' + (rest - quotient * 10));
            rest = quotient;
        } while (rest != 0);
    }

    /**
     * The number of decimal digits of a non-negative long, by comparison with powers of ten: a division per
     * digit showed as a tenth of INCR's CPU time at -P 16.
     */
    public static int decimalLength(long v) {
        int n = 1;
        while (n < POWERS_OF_TEN.length && v >= POWERS_OF_TEN[n]) {
            n++;
        }
        return n;
    }

    /** Formats a double the way Redis's RESP2 double reply does (%.17g, with inf/-inf). */
    public static String formatDouble17g(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (Double.isNaN(d)) {
            // printf shows a NaN's sign bit.
            return Double.doubleToRawLongBits(d) < 0 ? "-nan" : "nan";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e17) {
            // %.17g prints integral values in this range without exponent and without decimals.
            if (d == 0) {
                return (1 / d < 0) ? "-0" : "0";
            }
            return Long.toString((long) d);
        }
        return formatG(d, 17);
    }

    /**
     * Formats like C's "%.{precision}g": shortest of %e/%f forms, trailing zeros removed.
     */
    public static String formatG(double d, int precision) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(d).round(new java.math.MathContext(precision, java.math.RoundingMode.HALF_EVEN));
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            String digits = bd.unscaledValue().abs().toString();
            digits = stripTrailingZeros(digits);
            StringBuilder sb = new StringBuilder();
            if (bd.signum() < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int ae = Math.abs(exponent);
            if (ae < 10) {
                sb.append('0');
            }
            sb.append(ae);
            return sb.toString();
        }
        String plain = bd.toPlainString();
        if (plain.indexOf('.') >= 0) {
            plain = stripTrailingZeros(plain);
            if (plain.endsWith(".")) {
                plain = plain.substring(0, plain.length() - 1);
            }
        }
        return plain;
    }

    private static String stripTrailingZeros(String s) {
        int end = s.length();
        while (end > 1 && s.charAt(end - 1) == '0') {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * A double printed as Redis's human-friendly long double format (%.17Lf without trailing zeros), as
     * GEOPOS and WITHCOORD print coordinates; the double converts to long double exactly.
     */
    public static String formatHumanFriendly(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(d).setScale(17, java.math.RoundingMode.HALF_EVEN).toPlainString();
        if (s.indexOf('.') >= 0) {
            s = stripTrailingZeros(s);
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s.equals("-0") ? "0" : s;
    }
}
