package dev.keyslot.datanode.command;

import dev.keyslot.datanode.util.Numbers;

/**
 * The arguments of LMPOP, BLMPOP, ZMPOP and BZMPOP: numkeys, the keys, which end to pop from
 * (LEFT/RIGHT or MIN/MAX) and an optional COUNT, with Redis's error texts.
 */
public record MultiPopArgs(int firstKey, int numKeys, boolean fromFirst, long count) {

    /** Parses from numKeysIndex; firstEnd/secondEnd are the lowercase end keywords (left/right, min/max). */
    public static MultiPopArgs parse(byte[][] argv, int numKeysIndex, String firstEnd, String secondEnd) {
        long numKeys = atLeastOne(argv[numKeysIndex], "ERR numkeys should be greater than 0");
        if (numKeys >= argv.length - numKeysIndex - 1) {
            throw Errors.syntax();
        }
        int endIndex = numKeysIndex + (int) numKeys + 1;
        boolean fromFirst;
        if (Args.is(argv[endIndex], firstEnd)) {
            fromFirst = true;
        } else if (Args.is(argv[endIndex], secondEnd)) {
            fromFirst = false;
        } else {
            throw Errors.syntax();
        }
        long count = -1;
        for (int j = endIndex + 1; j < argv.length; j++) {
            if (count == -1 && Args.is(argv[j], "count") && j + 1 < argv.length) {
                count = atLeastOne(argv[++j], "ERR count should be greater than 0");
            } else {
                throw Errors.syntax();
            }
        }
        return new MultiPopArgs(numKeysIndex + 1, (int) numKeys, fromFirst, count == -1 ? 1 : count);
    }

    /** An integer in [1, LONG_MAX]; one message for both "not an integer" and "too small". */
    private static long atLeastOne(byte[] arg, String error) {
        long[] out = new long[1];
        if (!Numbers.parseLong(arg, out) || out[0] < 1) {
            throw new CommandError(error);
        }
        return out[0];
    }
}
