package dev.keyslot.datanode.keyspace;

import dev.keyslot.datanode.util.Numbers;

/**
 * How Redis would represent a string value (tryObjectEncoding): "int" for a canonical 64-bit integer of at
 * most 20 characters, "embstr" up to 44 bytes, otherwise "raw"; values edited in place (APPEND, SETRANGE)
 * stay "raw", and INCRBYFLOAT's results are never "int". Small non-negative integers are shared objects
 * unless an LRU/LFU policy with maxmemory forbids.
 */
public final class StringEncoding {
    private static final int EMBSTR_SIZE_LIMIT = 44;
    private static final int SHARED_INTEGERS = 10000;

    private StringEncoding() {
    }

    public static String name(KeyEntry e) {
        byte[] value = (byte[]) e.value;
        if (e.rawString()) {
            return "raw";
        }
        if (!e.textString() && isInteger(value)) {
            return "int";
        }
        return value.length <= EMBSTR_SIZE_LIMIT ? "embstr" : "raw";
    }

    /** True when Redis would hold the value as one of its shared integer objects 0..9999. */
    public static boolean isSharedInteger(KeyEntry e, boolean sharingAllowed) {
        if (!sharingAllowed || e.rawString() || e.textString() || e.privateInteger()) {
            return false;
        }
        long[] out = new long[1];
        byte[] value = (byte[]) e.value;
        return value.length <= 20 && Numbers.parseLong(value, out) && out[0] >= 0 && out[0] < SHARED_INTEGERS;
    }

    private static boolean isInteger(byte[] value) {
        return value.length <= 20 && Numbers.parseLong(value, new long[1]);
    }
}
