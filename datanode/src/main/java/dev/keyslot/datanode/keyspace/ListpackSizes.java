package dev.keyslot.datanode.keyspace;

/** Sizes of Redis's listpack entries, on which Redis bases its list node sizes and encodings. */
public final class ListpackSizes {
    private ListpackSizes() {
    }

    /** Bytes an integer's listpack entry takes without its backlen: the narrowest encoding that holds it. */
    public static int integerSize(long v) {
        if (v >= 0 && v <= 127) {
            return 1;
        }
        if (v >= -4096 && v <= 4095) {
            return 2;
        }
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return 3;
        }
        if (v >= -(1 << 23) && v < (1 << 23)) {
            return 4;
        }
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 5 : 9;
    }

    /** Bytes of the backlen that follows an entry whose encoding and data take len bytes. */
    public static int backlenBytes(long len) {
        if (len <= 127) {
            return 1;
        }
        if (len < 16383) {
            return 2;
        }
        if (len < 2097151) {
            return 3;
        }
        return len < 268435455 ? 4 : 5;
    }
}
