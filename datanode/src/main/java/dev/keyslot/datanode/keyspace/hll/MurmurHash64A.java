package dev.keyslot.datanode.keyspace.hll;

/** Austin Appleby's MurmurHash64A, reading blocks little-endian as Redis does on every platform. */
final class MurmurHash64A {
    private static final long M = 0xc6a4a7935bd1e995L;
    private static final int R = 47;

    private MurmurHash64A() {
    }

    static long hash(byte[] data, int seed) {
        int len = data.length;
        long h = (seed & 0xffffffffL) ^ (len * M);
        int blocks = len / 8;
        for (int i = 0; i < blocks; i++) {
            long k = littleEndianLong(data, i * 8);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h ^= k;
            h *= M;
        }
        int tail = blocks * 8;
        int rest = len & 7;
        if (rest > 0) {
            for (int i = rest - 1; i >= 0; i--) {
                h ^= (long) (data[tail + i] & 0xff) << (8 * i);
            }
            h *= M;
        }
        h ^= h >>> R;
        h *= M;
        h ^= h >>> R;
        return h;
    }

    private static long littleEndianLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
