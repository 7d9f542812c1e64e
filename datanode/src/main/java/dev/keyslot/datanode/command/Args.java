package dev.keyslot.datanode.command;

import dev.keyslot.datanode.util.Numbers;
import dev.keyslot.datanode.util.Strtod;

import java.nio.charset.StandardCharsets;

/** Argument parsing with Redis's validation rules and error texts. */
public final class Args {
    private Args() {
    }

    public static long toLong(byte[] arg) {
        return toLong(arg, Errors.NOT_INTEGER);
    }

    public static long toLong(byte[] arg, String error) {
        long[] out = SCRATCH.get();
        if (!Numbers.parseLong(arg, out)) {
            throw new CommandError(error);
        }
        return out[0];
    }

    /** A value in [min, max], else the given error. */
    public static long toLongInRange(byte[] arg, long min, long max, String error) {
        long v = toLong(arg);
        if (v < min || v > max) {
            throw new CommandError(error);
        }
        return v;
    }

    /** Redis's getPositiveLongFromObjectOrReply: [0, LONG_MAX], one error text for every failure. */
    public static long toNonNegativeLong(byte[] arg, String error) {
        long v = toLong(arg, error);
        if (v < 0) {
            throw new CommandError(error);
        }
        return v;
    }

    /** Redis's getIntFromObjectOrReply: an integer, then a range check with its own message. */
    public static int toInt(byte[] arg) {
        long v = toLong(arg);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new CommandError("ERR value is out of range, value must between -2147483648 and 2147483647");
        }
        return (int) v;
    }

    public static double toDouble(byte[] arg) {
        return toDouble(arg, Errors.NOT_FLOAT);
    }

    public static double toDouble(byte[] arg, String error) {
        double[] out = DOUBLE_SCRATCH.get();
        if (!Strtod.parseStrict(arg, out)) {

            throw new CommandError(error);
        }
        return out[0];
    }

    /**
     * ASCII case-insensitive comparison of an argument with a lowercase keyword. As Redis's strcasecmp on the
     * argument's C string, a NUL byte ends the argument: "nx\0junk" is NX.
     */
    public static boolean is(byte[] arg, String lowercaseKeyword) {
        int n = lowercaseKeyword.length();
        if (arg.length < n || (arg.length > n && arg[n] != 0)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int c = arg[i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lowercaseKeyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Latin-1 so that any bytes survive the round trip back to the wire unchanged. */
    public static String str(byte[] arg) {
        return new String(arg, StandardCharsets.ISO_8859_1);
    }

    /** C's "%.*s" of an argument: at most max bytes, and a NUL byte ends the text. */
    public static String cString(byte[] arg, int max) {
        int n = 0;
        while (n < arg.length && n < max && arg[n] != 0) {
            n++;
        }
        return new String(arg, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** C's "%s" of an argument: the text up to its first NUL byte. */
    public static String cString(byte[] arg) {
        return cString(arg, Integer.MAX_VALUE);
    }

    /** C's "%s" of a text: up to its first NUL character. */
    public static String cString(String text) {
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }

    /** A keyword argument as Redis's strcasecmp sees it: lowercased, up to its first NUL byte. */
    public static String keyword(byte[] arg) {
        return cString(arg).toLowerCase(java.util.Locale.ROOT);
    }

    public static String lower(byte[] arg) {
        return new String(arg, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[1]);
    private static final ThreadLocal<double[]> DOUBLE_SCRATCH = ThreadLocal.withInitial(() -> new double[1]);
}
