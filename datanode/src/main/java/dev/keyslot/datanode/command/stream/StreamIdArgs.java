package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.util.Numbers;

/**
 * Stream IDs as clients write them: "ms-seq", "ms" (sequence filled in), "-" and "+" (unless strict),
 * "ms-*" where the sequence may be generated, and "(" for exclusive range bounds. Numbers follow Redis's
 * string2ull: a canonical integer, else whatever strtoull accepts whole.
 */
final class StreamIdArgs {
    static final String INVALID = "ERR Invalid stream ID specified as stream command argument";
    private static final int MAX_LENGTH = 127;

    private StreamIdArgs() {
    }

    /** A parsed XADD ID: seqGiven false for "ms-*". */
    record Given(StreamId id, boolean seqGiven) {
    }

    /** An interval bound and whether it excludes the ID. */
    record Bound(StreamId id, boolean exclusive) {
    }

    static StreamId parse(byte[] arg, long missingSeq) {
        return parse(arg, missingSeq, false);
    }

    static StreamId parseStrict(byte[] arg) {
        return parse(arg, 0, true);
    }

    /** The ID, or null when it does not parse (XCLAIM's trailing options). */
    static StreamId parseStrictOrNull(byte[] arg) {
        Given g = tryParse(arg, 0, true, false);
        return g == null ? null : g.id();
    }

    static StreamId parse(byte[] arg, long missingSeq, boolean strict) {
        Given g = tryParse(arg, missingSeq, strict, false);
        if (g == null) {
            throw new CommandError(INVALID);
        }
        return g.id();
    }

    static Given parseForAdd(byte[] arg) {
        Given g = tryParse(arg, 0, true, true);
        if (g == null) {
            throw new CommandError(INVALID);
        }
        return g;
    }

    /** An interval bound; "(" makes it exclusive and strict. */
    static Bound parseBound(byte[] arg, long missingSeq) {
        if (arg.length > 1 && arg[0] == '(') {
            byte[] rest = java.util.Arrays.copyOfRange(arg, 1, arg.length);
            return new Bound(parse(rest, missingSeq, true), true);
        }
        return new Bound(parse(arg, missingSeq, false), false);
    }

    /** A start bound, moved past the ID when exclusive. */
    static StreamId parseStart(byte[] arg) {
        Bound b = parseBound(arg, 0);
        if (!b.exclusive()) {
            return b.id();
        }
        StreamId next = b.id().next();
        if (next == null) {
            throw new CommandError("ERR invalid start ID for the interval");
        }
        return next;
    }

    /** An end bound, moved before the ID when exclusive. */
    static StreamId parseEnd(byte[] arg) {
        Bound b = parseBound(arg, -1L);
        if (!b.exclusive()) {
            return b.id();
        }
        StreamId previous = b.id().previous();
        if (previous == null) {
            throw new CommandError("ERR invalid end ID for the interval");
        }
        return previous;
    }

    private static Given tryParse(byte[] arg, long missingSeq, boolean strict, boolean allowStar) {
        int len = nulTerminatedLength(arg);
        if (arg.length > MAX_LENGTH) {
            return null;
        }
        boolean single = len == 1;
        if (single && (arg[0] == '-' || arg[0] == '+')) {
            if (strict) {
                return null;
            }
            return new Given(arg[0] == '-' ? StreamId.MIN : StreamId.MAX, true);
        }
        int dash = -1;
        for (int i = 0; i < len; i++) {
            if (arg[i] == '-') {
                dash = i;
                break;
            }
        }
        long[] v = new long[1];
        if (!parseUnsigned(arg, 0, dash == -1 ? len : dash, v)) {
            return null;
        }
        long ms = v[0];
        if (dash == -1) {
            return new Given(new StreamId(ms, missingSeq), true);
        }
        if (allowStar && len - dash - 1 == 1 && arg[dash + 1] == '*') {
            return new Given(new StreamId(ms, 0), false);
        }
        if (!parseUnsigned(arg, dash + 1, len, v)) {
            return null;
        }
        return new Given(new StreamId(ms, v[0]), true);
    }

    /** The C string ends at the first NUL byte. */
    private static int nulTerminatedLength(byte[] arg) {
        for (int i = 0; i < arg.length; i++) {
            if (arg[i] == 0) {
                return i;
            }
        }
        return arg.length;
    }

    /** string2ull: a canonical non-negative integer, else what strtoull accepts whole. */
    private static boolean parseUnsigned(byte[] b, int from, int to, long[] out) {
        if (Numbers.parseLong(b, from, to - from, out)) {
            return out[0] >= 0;
        }
        return strtoull(b, from, to, out);
    }

    private static boolean strtoull(byte[] b, int from, int to, long[] out) {
        int i = from;
        while (i < to && isSpace(b[i])) {
            i++;
        }
        boolean negative = false;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        if (i >= to) {
            return false;
        }
        long max = Long.divideUnsigned(-1L, 10);
        long maxDigit = Long.remainderUnsigned(-1L, 10);
        long value = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (Long.compareUnsigned(value, max) > 0 || (value == max && d > maxDigit)) {
                return false;
            }
            value = value * 10 + d;
        }
        out[0] = negative ? -value : value;
        return true;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
