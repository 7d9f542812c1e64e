package dev.keyslot.datanode.command.hash;

import dev.keyslot.datanode.command.CommandError;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The x86 {@code long double} arithmetic HINCRBYFLOAT performs (64-bit significand, 15-bit exponent),
 * emulated exactly with BigDecimal: strtold-compatible parsing with Redis's string2ld checks, round-to-nearest
 * addition, and ld2string's human-friendly "%.17Lf" formatting. Values are exact BigDecimals of representable
 * long doubles. To be unified with util/LongDouble (strings branch) at merge.
 */
final class ExtendedFloat {
    /** Redis's MAX_LONG_DOUBLE_CHARS: longer inputs are rejected. */
    private static final int MAX_CHARS = 5 * 1024;
    private static final int SIGNIFICAND_BITS = 64;
    /** Scale (power of two) of the smallest subnormal, 2^-16445. */
    private static final int MIN_SCALE_EXPONENT = 16445;
    /** Largest finite value is (2^64 - 1) * 2^(16384 - 64). */
    private static final int MAX_UNIT_EXPONENT = 16384 - SIGNIFICAND_BITS;
    /** Decimal exponents beyond this are overflow or underflow whatever the digits (at most 5120 of them). */
    private static final long EXPONENT_CLAMP = 20_000;

    private ExtendedFloat() {
    }

    /**
     * Parses s as string2ld does; throws invalidError when it is not a long double (including NaN, overflow
     * and underflow to zero) and infiniteError when it is an infinity.
     */
    static BigDecimal parse(byte[] s, String invalidError, String infiniteError) {
        if (s.length == 0 || s.length >= MAX_CHARS) {
            throw new CommandError(invalidError);
        }
        String text = new String(s, StandardCharsets.ISO_8859_1);
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '+' || text.charAt(0) == '-') {
            negative = text.charAt(0) == '-';
            i++;
        }
        String body = text.substring(i).toLowerCase(Locale.ROOT);
        if (body.equals("inf") || body.equals("infinity")) {
            throw new CommandError(infiniteError);
        }
        BigDecimal exact = body.startsWith("0x") ? parseHex(body.substring(2)) : parseDecimal(body);
        if (exact == null) {
            throw new CommandError(invalidError);
        }
        if (exact.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal rounded = round(negative ? exact.negate() : exact);
        if (rounded == null) {
            throw new CommandError(invalidError);
        }
        if (rounded.signum() == 0) {
            // Underflow to zero is an ERANGE error for string2ld.
            throw new CommandError(invalidError);
        }
        return rounded;
    }

    /** a + b rounded to a long double; throws overflowError when the sum is infinite. */
    static BigDecimal add(BigDecimal a, BigDecimal b, String overflowError) {
        BigDecimal sum = a.add(b);
        if (sum.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal rounded = round(sum);
        if (rounded == null) {
            throw new CommandError(overflowError);
        }
        return rounded;
    }

    /** "%.17Lf" with trailing zeros (and a bare dot) removed, "-0" printed as "0". */
    static byte[] format(BigDecimal v) {
        String s = v.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        s = s.substring(0, end);
        if (s.equals("-0")) {
            s = "0";
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** digits[.digits][e[+-]digits], at least one digit; null when malformed. */
    private static BigDecimal parseDecimal(String s) {
        int i = 0;
        int n = s.length();
        StringBuilder digits = new StringBuilder();
        int fractionDigits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            digits.append(s.charAt(i++));
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                digits.append(s.charAt(i++));
                fractionDigits++;
            }
        }
        if (digits.length() == 0) {
            return null;
        }
        long exponent = 0;
        if (i < n && s.charAt(i) == 'e') {
            Long e = parseExponent(s, i + 1);
            if (e == null) {
                return null;
            }
            exponent = e;
            i = n;
        }
        if (i != n) {
            return null;
        }
        return scaled(new BigInteger(digits.toString()), exponent - fractionDigits, BigInteger.TEN);
    }

    /** hexdigits[.hexdigits][p[+-]digits] after "0x", at least one hex digit; null when malformed. */
    private static BigDecimal parseHex(String s) {
        int i = 0;
        int n = s.length();
        StringBuilder digits = new StringBuilder();
        int fractionDigits = 0;
        while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
            digits.append(s.charAt(i++));
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
                digits.append(s.charAt(i++));
                fractionDigits++;
            }
        }
        if (digits.length() == 0) {
            return null;
        }
        long exponent = 0;
        if (i < n && s.charAt(i) == 'p') {
            Long e = parseExponent(s, i + 1);
            if (e == null) {
                return null;
            }
            exponent = e;
            i = n;
        }
        if (i != n) {
            return null;
        }
        return scaled(new BigInteger(digits.toString(), 16), exponent - 4L * fractionDigits, BigInteger.TWO);
    }

    /** An optionally signed run of decimal digits filling the rest of s, clamped; null when malformed. */
    private static Long parseExponent(String s, int from) {
        int i = from;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (i == s.length()) {
            return null;
        }
        long e = 0;
        for (; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return null;
            }
            e = Math.min(e * 10 + (s.charAt(i) - '0'), EXPONENT_CLAMP * 2);
        }
        return negative ? -e : e;
    }

    /** mantissa * base^exponent exactly, with absurd exponents clamped (they over- or underflow anyway). */
    private static BigDecimal scaled(BigInteger mantissa, long exponent, BigInteger base) {
        if (mantissa.signum() == 0) {
            return BigDecimal.ZERO;
        }
        long clamp = base.equals(BigInteger.TEN) ? EXPONENT_CLAMP : EXPONENT_CLAMP * 4;
        int e = (int) Math.max(-clamp, Math.min(clamp, exponent));
        if (base.equals(BigInteger.TEN)) {
            return new BigDecimal(mantissa, -e);
        }
        return e >= 0 ? new BigDecimal(mantissa.shiftLeft(e)) : divideByPowerOfTwo(mantissa, -e);
    }

    private static BigDecimal divideByPowerOfTwo(BigInteger m, int k) {
        // m / 2^k == m * 5^k / 10^k, exact.
        return new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(k)), k);
    }

    /** x rounded to nearest-even long double; null on overflow. x must not be zero. */
    private static BigDecimal round(BigDecimal x) {
        BigInteger num;
        BigInteger den;
        BigDecimal abs = x.abs();
        if (abs.scale() >= 0) {
            num = abs.unscaledValue();
            den = BigInteger.TEN.pow(abs.scale());
        } else {
            num = abs.unscaledValue().multiply(BigInteger.TEN.pow(-abs.scale()));
            den = BigInteger.ONE;
        }
        // Choose k so that num * 2^k / den has exactly 64 integer bits, capped at the subnormal scale.
        int k = SIGNIFICAND_BITS - (num.bitLength() - den.bitLength());
        BigInteger[] qr = divideScaled(num, den, k);
        if (qr[0].bitLength() > SIGNIFICAND_BITS) {
            k--;
            qr = divideScaled(num, den, k);
        } else if (qr[0].bitLength() < SIGNIFICAND_BITS) {
            k++;
            qr = divideScaled(num, den, k);
        }
        if (k > MIN_SCALE_EXPONENT) {
            k = MIN_SCALE_EXPONENT;
            qr = divideScaled(num, den, k);
        }
        BigInteger q = qr[0];
        BigInteger twiceRemainder = qr[1].shiftLeft(1);
        BigInteger divisor = k >= 0 ? den : den.shiftLeft(-k);
        int cmp = twiceRemainder.compareTo(divisor);
        if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
            q = q.add(BigInteger.ONE);
            if (q.bitLength() > SIGNIFICAND_BITS) {
                q = q.shiftRight(1);
                k--;
            }
        }
        if (-k > MAX_UNIT_EXPONENT) {
            return null;
        }
        BigDecimal magnitude = k > 0 ? divideByPowerOfTwo(q, k) : new BigDecimal(q.shiftLeft(-k));
        return x.signum() < 0 ? magnitude.negate() : magnitude;
    }

    /** floor(num * 2^k / den) and the remainder (over den * 2^-k when k is negative). */
    private static BigInteger[] divideScaled(BigInteger num, BigInteger den, int k) {
        return k >= 0 ? num.shiftLeft(k).divideAndRemainder(den) : num.divideAndRemainder(den.shiftLeft(-k));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
