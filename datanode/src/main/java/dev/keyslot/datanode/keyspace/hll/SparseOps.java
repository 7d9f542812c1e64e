package dev.keyslot.datanode.keyspace.hll;

/**
 * The sparse encoding's opcodes: ZERO (00xxxxxx, 1-64 zero registers), XZERO (01xxxxxx yyyyyyyy, 1-16384
 * zero registers) and VAL (1vvvvvxx, 1-4 registers of value 1-32).
 */
final class SparseOps {
    static final int ZERO_MAX_LEN = 64;
    static final int XZERO_MAX_LEN = 16384;
    static final int VAL_MAX_VALUE = 32;
    static final int VAL_MAX_LEN = 4;

    private SparseOps() {
    }

    static boolean isZero(byte b) {
        return (b & 0xc0) == 0;
    }

    static boolean isXZero(byte b) {
        return (b & 0xc0) == 0x40;
    }

    static boolean isVal(byte b) {
        return (b & 0x80) != 0;
    }

    static int zeroLen(byte b) {
        return (b & 0x3f) + 1;
    }

    static int xzeroLen(byte b0, byte b1) {
        return (((b0 & 0x3f) << 8) | (b1 & 0xff)) + 1;
    }

    static int valValue(byte b) {
        return ((b >> 2) & 0x1f) + 1;
    }

    static int valLen(byte b) {
        return (b & 3) + 1;
    }

    static byte val(int value, int len) {
        return (byte) (0x80 | ((value - 1) << 2) | (len - 1));
    }

    static byte zero(int len) {
        return (byte) (len - 1);
    }

    /** Writes an XZERO opcode at s[at], s[at + 1]. */
    static void xzero(byte[] s, int at, int len) {
        s[at] = (byte) (((len - 1) >> 8) | 0x40);
        s[at + 1] = (byte) (len - 1);
    }

    /** Writes a zero run as ZERO or XZERO; returns the bytes written. */
    static int zeroRun(byte[] s, int at, int len) {
        if (len > ZERO_MAX_LEN) {
            xzero(s, at, len);
            return 2;
        }
        s[at] = zero(len);
        return 1;
    }

    /**
     * Calls the visitor for every VAL run of s[from, to); returns false when the runs do not cover
     * exactly the 16384 registers (a corrupted value).
     */
    static boolean forEachValue(byte[] s, int from, int to, RunVisitor visitor) {
        int idx = 0;
        int p = from;
        while (p < to) {
            byte b = s[p];
            if (isZero(b)) {
                idx += zeroLen(b);
                p++;
            } else if (isXZero(b)) {
                idx += p + 1 < to ? xzeroLen(b, s[p + 1]) : xzeroLen(b, (byte) 0);
                p += 2;
            } else {
                int run = valLen(b);
                if (run + idx > HllFormat.REGISTERS) {
                    break;
                }
                visitor.run(idx, run, valValue(b));
                idx += run;
                p++;
            }
        }
        return idx == HllFormat.REGISTERS;
    }

    /** A run of registers with one value. */
    @FunctionalInterface
    interface RunVisitor {
        void run(int first, int length, int value);
    }
}
