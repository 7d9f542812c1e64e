package dev.keyslot.datanode.util;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An x87 80-bit {@code long double} (64-bit mantissa, 15-bit exponent, subnormals), which is what Redis
 * computes INCRBYFLOAT and HINCRBYFLOAT in. A Java double would round differently and print different
 * text, so values are kept exactly as {@code sign * mantissa * 2^-scale} and every result is rounded to
 * the nearest representable long double (ties to even), as the FPU does.
 *
 * <p>Negative zero is not modelled: Redis never shows it (its formatter turns "-0" into "0").
 */
public final class LongDouble {
    private static final int MANTISSA_BITS = 64;
    /** The smallest subnormal is 2^-16445. */
    private static final int MAX_SCALE = 16445;
    /** Finite values are below 2^16384. */
    private static final int MAX_BINARY_EXPONENT = 16384;
    /** Redis refuses longer inputs (MAX_LONG_DOUBLE_CHARS). */
    private static final int MAX_INPUT_LENGTH = 5 * 1024;
    /** Exponents are saturated while parsing; anything this large is far outside the range anyway. */
    private static final int EXPONENT_SATURATION = 1_000_000;

    private enum Kind { FINITE, POSITIVE_INFINITY, NEGATIVE_INFINITY, NAN }

    public static final LongDouble ZERO = new LongDouble(Kind.FINITE, false, BigInteger.ZERO, 0);
    private static final LongDouble POSITIVE_INFINITY = new LongDouble(Kind.POSITIVE_INFINITY, false, null, 0);
    private static final LongDouble NEGATIVE_INFINITY = new LongDouble(Kind.NEGATIVE_INFINITY, true, null, 0);
    private static final LongDouble NAN = new LongDouble(Kind.NAN, false, null, 0);

    private final Kind kind;
    private final boolean negative;
    private final BigInteger mantissa;
    private final int scale;

    private LongDouble(Kind kind, boolean negative, BigInteger mantissa, int scale) {
        this.kind = kind;
        this.negative = negative;
        this.mantissa = mantissa;
        this.scale = scale;
    }

    /** Every 64-bit integer is exactly representable. */
    public static LongDouble of(long v) {
        if (v == 0) {
            return ZERO;
        }
        BigInteger m = BigInteger.valueOf(v);
        return new LongDouble(Kind.FINITE, v < 0, m.abs(), 0);
    }

    public boolean isFinite() {
        return kind == Kind.FINITE;
    }

    public LongDouble add(LongDouble o) {
        if (kind != Kind.FINITE || o.kind != Kind.FINITE) {
            return addSpecial(o);
        }
        int common = Math.max(scale, o.scale);
        BigInteger a = signed().shiftLeft(common - scale);
        BigInteger b = o.signed().shiftLeft(common - o.scale);
        BigInteger sum = a.add(b);
        if (common < 0) {
            return round(sum.signum() < 0, sum.abs().shiftLeft(-common), BigInteger.ONE);
        }
        return round(sum.signum() < 0, sum.abs(), BigInteger.ONE.shiftLeft(common));
    }

    private LongDouble addSpecial(LongDouble o) {
        if (kind == Kind.NAN || o.kind == Kind.NAN) {
            return NAN;
        }
        if (kind == Kind.FINITE) {
            return o;
        }
        if (o.kind == Kind.FINITE || o.kind == kind) {
            return this;
        }
        return NAN;
    }

    private BigInteger signed() {
        return negative ? mantissa.negate() : mantissa;
    }

    /**
     * Parses like Redis's string2ld (strtold in the C locale): decimal or hexadecimal floating point, or
     * inf/infinity, with an optional sign and nothing around it. Returns null for what Redis rejects:
     * empty or overlong input, leading space, trailing garbage, NaN, overflow and underflow to zero.
     */
    public static LongDouble parse(byte[] s) {
        if (s.length == 0 || s.length >= MAX_INPUT_LENGTH) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '+' || s[0] == '-') {
            negative = s[0] == '-';
            i++;
        }
        if (matchesIgnoreCase(s, i, "infinity") || matchesIgnoreCase(s, i, "inf")) {
            return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        if (i + 1 < s.length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            return parseHex(s, i + 2, negative);
        }
        return parseDecimal(s, i, negative);
    }

    private static boolean matchesIgnoreCase(byte[] s, int from, String lowerWord) {
        if (s.length - from != lowerWord.length()) {
            return false;
        }
        for (int k = 0; k < lowerWord.length(); k++) {
            if ((s[from + k] | 0x20) != lowerWord.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static LongDouble parseDecimal(byte[] s, int from, boolean negative) {
        StringBuilder digits = new StringBuilder(s.length);
        int i = from;
        int fractionDigits = 0;
        boolean sawDigit = false;
        boolean sawPoint = false;
        for (; i < s.length; i++) {
            byte c = s[i];
            if (c >= '0' && c <= '9') {
                sawDigit = true;
                digits.append((char) c);
                if (sawPoint) {
                    fractionDigits++;
                }
            } else if (c == '.' && !sawPoint) {
                sawPoint = true;
            } else {
                break;
            }
        }
        if (!sawDigit) {
            return null;
        }
        long exponent = 0;
        if (i < s.length) {
            if (s[i] != 'e' && s[i] != 'E') {
                return null;
            }
            long[] parsed = parseExponent(s, i + 1);
            if (parsed == null) {
                return null;
            }
            exponent = parsed[0];
        }
        BigInteger d = new BigInteger(digits.toString());
        if (d.signum() == 0) {
            return ZERO;
        }
        long decimalExponent = exponent - fractionDigits;
        int significantDigits = d.toString().length();
        long magnitude = decimalExponent + significantDigits;
        // Far outside the range (10^4933 overflows, 10^-4952 rounds to zero): no need to compute.
        if (magnitude > 4934 || magnitude < -4952) {
            return null;
        }
        BigInteger num = d;
        BigInteger den = BigInteger.ONE;
        if (decimalExponent >= 0) {
            num = num.multiply(BigInteger.TEN.pow((int) decimalExponent));
        } else {
            den = BigInteger.TEN.pow((int) -decimalExponent);
        }
        return finiteOrNull(round(negative, num, den));
    }

    private static LongDouble parseHex(byte[] s, int from, boolean negative) {
        BigInteger value = BigInteger.ZERO;
        int i = from;
        int fractionDigits = 0;
        boolean sawDigit = false;
        boolean sawPoint = false;
        for (; i < s.length; i++) {
            int d = Character.digit(s[i], 16);
            if (d >= 0) {
                sawDigit = true;
                value = value.shiftLeft(4).or(BigInteger.valueOf(d));
                if (sawPoint) {
                    fractionDigits++;
                }
            } else if (s[i] == '.' && !sawPoint) {
                sawPoint = true;
            } else {
                break;
            }
        }
        if (!sawDigit) {
            return null;
        }
        long exponent = 0;
        if (i < s.length) {
            if (s[i] != 'p' && s[i] != 'P') {
                return null;
            }
            long[] parsed = parseExponent(s, i + 1);
            if (parsed == null) {
                return null;
            }
            exponent = parsed[0];
        }
        if (value.signum() == 0) {
            return ZERO;
        }
        long binaryExponent = exponent - 4L * fractionDigits;
        long magnitude = binaryExponent + value.bitLength();
        if (magnitude > MAX_BINARY_EXPONENT + 1 || magnitude < -MAX_SCALE - 2) {
            return null;
        }
        BigInteger num = value;
        BigInteger den = BigInteger.ONE;
        if (binaryExponent >= 0) {
            num = num.shiftLeft((int) binaryExponent);
        } else {
            den = den.shiftLeft((int) -binaryExponent);
        }
        return finiteOrNull(round(negative, num, den));
    }

    /** An exponent running to the end of the input: optional sign, at least one digit. */
    private static long[] parseExponent(byte[] s, int from) {
        int i = from;
        boolean negative = false;
        if (i < s.length && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        if (i == s.length) {
            return null;
        }
        long v = 0;
        for (; i < s.length; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            v = Math.min(v * 10 + d, EXPONENT_SATURATION);
        }
        return new long[] {negative ? -v : v};
    }

    /** strtold reports overflow and underflow to zero as range errors, which Redis rejects. */
    private static LongDouble finiteOrNull(LongDouble v) {
        return v.kind == Kind.FINITE && v.mantissa.signum() != 0 ? v : null;
    }

    /** The long double nearest to num/den (both positive, or num zero), ties to even. */
    private static LongDouble round(boolean negative, BigInteger num, BigInteger den) {
        if (num.signum() == 0) {
            return ZERO;
        }
        // floor(log2(num/den)) is e or e - 1.
        int e = num.bitLength() - den.bitLength();
        int k = MANTISSA_BITS - 1 - e;
        if (scaled(num, den, k).bitLength() < MANTISSA_BITS) {
            k++;
        }
        k = Math.min(k, MAX_SCALE);
        BigInteger[] qr = k >= 0 ? num.shiftLeft(k).divideAndRemainder(den)
                : num.divideAndRemainder(den.shiftLeft(-k));
        BigInteger q = qr[0];
        BigInteger divisor = k >= 0 ? den : den.shiftLeft(-k);
        int half = qr[1].shiftLeft(1).compareTo(divisor);
        if (half > 0 || (half == 0 && q.testBit(0))) {
            q = q.add(BigInteger.ONE);
        }
        if (q.bitLength() > MANTISSA_BITS) {
            q = q.shiftRight(1);
            k--;
        }
        if (q.signum() == 0) {
            return ZERO;
        }
        if ((long) q.bitLength() - k > MAX_BINARY_EXPONENT) {
            return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        // Normalise so equal values have one representation.
        int trailing = q.getLowestSetBit();
        if (trailing > 0) {
            q = q.shiftRight(trailing);
            k -= trailing;
        }
        return new LongDouble(Kind.FINITE, negative, q, k);
    }

    private static BigInteger scaled(BigInteger num, BigInteger den, int k) {
        return k >= 0 ? num.shiftLeft(k).divide(den) : num.divide(den.shiftLeft(-k));
    }

    /**
     * The text Redis stores for INCRBYFLOAT results (ld2string in "human" mode): "%.17Lf" with trailing
     * zeros and a trailing dot removed, "-0" shown as "0", infinities as "inf"/"-inf".
     */
    public String toHumanString() {
        switch (kind) {
            case POSITIVE_INFINITY:
                return "inf";
            case NEGATIVE_INFINITY:
                return "-inf";
            case NAN:
                return "nan";
            default:
                break;
        }
        BigDecimal exact = scale <= 0 ? new BigDecimal(mantissa.shiftLeft(-scale))
                : new BigDecimal(mantissa.multiply(BigInteger.valueOf(5).pow(scale)), scale);
        if (negative) {
            exact = exact.negate();
        }
        String s = exact.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        s = s.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }

    @Override
    public String toString() {
        return toHumanString();
    }
}
