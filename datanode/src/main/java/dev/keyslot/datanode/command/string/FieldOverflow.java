package dev.keyslot.datanode.command.string;

/**
 * Overflow detection for BITFIELD's value + increment on a field of 1..64 bits, with Redis's results:
 * the wrapped value, or the saturated limit when saturate is set.
 */
record FieldOverflow(boolean overflowed, long value) {
    private static final FieldOverflow NONE = new FieldOverflow(false, 0);

    /** value is a 64-bit unsigned quantity (a SET argument may exceed the field). */
    static FieldOverflow unsigned(long value, long increment, int bits, boolean saturate) {
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        long maxIncrement = max - value;
        long minIncrement = -value;
        if (Long.compareUnsigned(value, max) > 0 || (increment > 0 && increment > maxIncrement)) {
            return new FieldOverflow(true, saturate ? max : wrapUnsigned(value, increment, bits));
        }
        if (increment < 0 && increment < minIncrement) {
            return new FieldOverflow(true, saturate ? 0 : wrapUnsigned(value, increment, bits));
        }
        return NONE;
    }

    private static long wrapUnsigned(long value, long increment, int bits) {
        long mask = bits == 64 ? 0 : -1L << bits;
        return (value + increment) & ~mask;
    }

    static FieldOverflow signed(long value, long increment, int bits, boolean saturate) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        // Both may wrap around; they are only used once value is known to be in range.
        long maxIncrement = max - value;
        long minIncrement = min - value;
        if (value > max || (bits != 64 && increment > maxIncrement)
                || (value >= 0 && increment > 0 && increment > maxIncrement)) {
            return new FieldOverflow(true, saturate ? max : wrapSigned(value, increment, bits));
        }
        if (value < min || (bits != 64 && increment < minIncrement)
                || (value < 0 && increment < 0 && increment < minIncrement)) {
            return new FieldOverflow(true, saturate ? min : wrapSigned(value, increment, bits));
        }
        return NONE;
    }

    private static long wrapSigned(long value, long increment, int bits) {
        long c = value + increment;
        if (bits < 64) {
            long mask = -1L << bits;
            c = (c & (1L << (bits - 1))) != 0 ? c | mask : c & ~mask;
        }
        return c;
    }
}
