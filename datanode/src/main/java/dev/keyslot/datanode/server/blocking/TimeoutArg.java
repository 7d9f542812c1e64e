package dev.keyslot.datanode.server.blocking;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.util.Numbers;
import dev.keyslot.datanode.util.Strtod;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The timeout argument of blocking commands: seconds as a long double, rounded up to milliseconds.
 * Values whose millisecond count does not fit a signed 64-bit integer (inf included) come out negative
 * in Redis's conversion, hence its "timeout is negative" for them.
 */
public final class TimeoutArg {
    private static final String NOT_FLOAT = "ERR timeout is not a float or out of range";
    private static final String NEGATIVE = "ERR timeout is negative";
    /** Redis's MAX_LONG_DOUBLE_CHARS buffer: longer arguments are rejected. */
    private static final int MAX_CHARS = 5 * 1024;
    private static final int LONG_DOUBLE_MAX_EXPONENT = 4932;
    private static final int LONG_DOUBLE_MIN_EXPONENT = -4951;
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private TimeoutArg() {
    }

    /** Milliseconds to wait, 0 meaning forever. */
    public static long parseSeconds(byte[] arg) {
        long[] integer = new long[1];
        if (Numbers.parseLong(arg, integer)) {
            long v = integer[0];
            if (v < 0 || v > Long.MAX_VALUE / 1000) {
                throw new CommandError(NEGATIVE);
            }
            return v * 1000;
        }
        int n = arg.length;
        if (n == 0 || n >= MAX_CHARS || Strtod.isSpace(arg[0]) || Strtod.scan(arg, 0, n) != n) {
            throw new CommandError(NOT_FLOAT);
        }
        double approx = Strtod.value(arg, 0, n);
        if (Double.isNaN(approx)) {
            throw new CommandError(NOT_FLOAT);
        }
        if (Double.isInfinite(approx) && isWord(arg)) {
            throw new CommandError(NEGATIVE);
        }
        BigDecimal seconds;
        try {
            seconds = Strtod.exact(arg, 0, n);
        } catch (NumberFormatException e) {
            throw new CommandError(NOT_FLOAT);
        }
        if (seconds.signum() != 0) {
            int exponent = seconds.precision() - seconds.scale() - 1;
            if (exponent > LONG_DOUBLE_MAX_EXPONENT || exponent < LONG_DOUBLE_MIN_EXPONENT) {
                throw new CommandError(NOT_FLOAT);
            }
        }
        BigDecimal millis = seconds.multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
        if (millis.signum() < 0 || millis.compareTo(LONG_MAX) > 0) {
            throw new CommandError(NEGATIVE);
        }
        return millis.longValue();
    }

    private static boolean isWord(byte[] arg) {
        int i = arg[0] == '+' || arg[0] == '-' ? 1 : 0;
        return i < arg.length && (arg[i] == 'i' || arg[i] == 'I');
    }
}
