package dev.keyslot.datanode.persistence.rdb;

/**
 * Redis's intset blob: element width (2, 4 or 8) and count as 32-bit little-endian, then the elements
 * sorted ascending, little-endian.
 */
final class Intset {
    private static final int HEADER = 8;

    private Intset() {
    }

    static byte[] encode(long[] values, int count, int width) {
        byte[] out = new byte[HEADER + count * width];
        put(out, 0, width, 4);
        put(out, 4, count, 4);
        for (int i = 0; i < count; i++) {
            put(out, HEADER + i * width, values[i], width);
        }
        return out;
    }

    /** The element width of a blob whose structure {@link #decode} accepted. */
    static int width(byte[] blob) {
        return (int) Listpack.le(blob, 0, 4);
    }

    /** The elements, checked to be strictly ascending. */
    static long[] decode(byte[] blob) {
        if (blob.length < HEADER) {
            throw new RdbFormatException("intset header");
        }
        long width = Listpack.le(blob, 0, 4);
        long count = Listpack.le(blob, 4, 4);
        if ((width != 2 && width != 4 && width != 8) || HEADER + count * width != blob.length) {
            throw new RdbFormatException("intset size");
        }
        long[] values = new long[(int) count];
        int shift = 64 - 8 * (int) width;
        for (int i = 0; i < count; i++) {
            values[i] = (Listpack.le(blob, HEADER + i * (int) width, (int) width) << shift) >> shift;
            if (i > 0 && values[i] <= values[i - 1]) {
                throw new RdbFormatException("intset order");
            }
        }
        return values;
    }

    private static void put(byte[] out, int off, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
