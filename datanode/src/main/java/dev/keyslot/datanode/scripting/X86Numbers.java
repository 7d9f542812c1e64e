package dev.keyslot.datanode.scripting;

/**
 * How Lua 5.1 inside redis-server on x86-64 treats doubles where Java differs: the processor's conversions to
 * integers and the sign of the NaN its arithmetic produces.
 */
final class X86Numbers {
    private static final double DEFAULT_NAN = Double.longBitsToDouble(0xfff8000000000000L);

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

    /** C's cast to unsigned long long as gcc compiles it: values from 2^63 up are shifted into range first. */
    static long toUnsignedLong(double d) {
        return d >= 0x1p63 ? toLong(d - 0x1p63) ^ Long.MIN_VALUE : toLong(d);
    }

    /**
     * The processor's default NaN, sign bit set, for any NaN: Lua 5.1 gets it from 0/0, inf-inf or sqrt(-1) and
     * Redis prints it "-nan"; luaj's 0/0 is Java's positive NaN. (Only a negated NaN is positive in Redis;
     * luaj's values cannot tell it apart.)
     */
    static double arithmeticNaN(double d) {
        return Double.isNaN(d) ? DEFAULT_NAN : d;
    }
}
