package dev.keyslot.datanode.scripting;

/**
 * How Lua 5.1 inside redis-server on x86-64 treats doubles where Java differs: the processor's conversions to
 * integers and the sign of the NaN its arithmetic produces.
 */
final class X86Numbers {
    /**
     * The processor's default NaN, the result of an invalid operation (0/0, inf-inf, sqrt(-1)): its sign bit is set,
     * so glibc prints it "-nan". Java's arithmetic on x86-64 gives the same bits, and keeps a NaN operand's bits.
     */
    static final double DEFAULT_NAN = Double.longBitsToDouble(0xfff8000000000000L);
    /** The default NaN negated, which glibc's strtod reads from "nan" and some of its math functions return. */
    static final double POSITIVE_NAN = Double.longBitsToDouble(0x7ff8000000000000L);

    private X86Numbers() {
    }

    /**
     * C's cast to long long: truncated toward zero, and NaN or anything outside the long range (1/0, 2^63) the
     * "integer indefinite" value, Long.MIN_VALUE, where Java's cast would saturate or give 0.
     */
    static long toLong(double d) {
        if (d >= -0x1p63 && d < 0x1p63) {
            return (long) d;
        }
        return Long.MIN_VALUE;
    }

    /** C's cast to int: truncated toward zero, and NaN or anything outside the int range Integer.MIN_VALUE. */
    static int toInt(double d) {
        if (d > -0x1p31 - 1 && d < 0x1p31) {
            return (int) d;
        }
        return Integer.MIN_VALUE;
    }

    /** C's conversion of an unsigned long long to double: halved keeping the lowest bit as a sticky bit, rounded once. */
    static double unsignedToDouble(long n) {
        return n >= 0 ? n : (double) ((n >>> 1) | (n & 1)) * 2;
    }

    /** C's cast to unsigned long long as gcc compiles it: values from 2^63 up are shifted into range first. */
    static long toUnsignedLong(double d) {
        return d >= 0x1p63 ? toLong(d - 0x1p63) ^ Long.MIN_VALUE : toLong(d);
    }
}
