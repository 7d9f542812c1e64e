package dev.keyslot.datanode.persistence.rdb;

/**
 * CRC-64/Jones as Redis uses it for RDB files and DUMP payloads: polynomial 0xad93d23594c935a9 processed
 * reflected (least significant bit first), initial value 0, no final xor. "123456789" gives
 * 0xe9c6d914c4b8d9ca.
 */
public final class Crc64 {
    private static final long POLY_REFLECTED = Long.reverse(0xad93d23594c935a9L);
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc64() {
    }

    /** Continues crc over data[offset, offset + length). Start with 0. */
    public static long update(long crc, byte[] data, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            crc = TABLE[(int) ((crc ^ data[i]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }

    public static long of(byte[] data, int offset, int length) {
        return update(0, data, offset, length);
    }
}
