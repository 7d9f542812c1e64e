package dev.keyslot.datanode.keyspace.hll;

/**
 * Redis's HyperLogLog string layout: a 16-byte header ("HYLL", encoding byte, 3 unused bytes, 8-byte
 * little-endian cached cardinality whose top bit marks it stale) followed by the registers.
 */
public final class HllFormat {
    static final int HEADER_SIZE = 16;
    static final int P = 14;
    static final int Q = 64 - P;
    static final int REGISTERS = 1 << P;
    static final int BITS = 6;
    static final int REGISTER_MAX = (1 << BITS) - 1;
    static final int DENSE_SIZE = HEADER_SIZE + (REGISTERS * BITS + 7) / 8;
    static final byte DENSE = 0;
    static final byte SPARSE = 1;
    private static final int ENCODING_OFFSET = 4;
    private static final int CARD_OFFSET = 8;

    private HllFormat() {
    }

    /** Whether a string value passes Redis's isHLLObjectOrReply checks. */
    public static boolean isValid(byte[] s) {
        if (s.length < HEADER_SIZE || s[0] != 'H' || s[1] != 'Y' || s[2] != 'L' || s[3] != 'L') {
            return false;
        }
        int encoding = s[ENCODING_OFFSET] & 0xff;
        return encoding == SPARSE || (encoding == DENSE && s.length == DENSE_SIZE);
    }

    public static boolean isDense(byte[] s) {
        return s[ENCODING_OFFSET] == DENSE;
    }

    static void setEncoding(byte[] s, byte encoding) {
        s[ENCODING_OFFSET] = encoding;
    }

    static boolean cacheValid(byte[] s) {
        return (s[CARD_OFFSET + 7] & 0x80) == 0;
    }

    static void invalidateCache(byte[] s) {
        s[CARD_OFFSET + 7] |= (byte) 0x80;
    }

    static long cachedCardinality(byte[] s) {
        long card = 0;
        for (int i = 7; i >= 0; i--) {
            card = (card << 8) | (s[CARD_OFFSET + i] & 0xff);
        }
        return card;
    }

    static void storeCardinality(byte[] s, long card) {
        for (int i = 0; i < 8; i++) {
            s[CARD_OFFSET + i] = (byte) (card >>> (8 * i));
        }
    }

    /** The register an element lands in (low P bits of its hash) and its run length of zeros plus one. */
    static long patternOf(byte[] element) {
        long hash = MurmurHash64A.hash(element, 0xadc83b19);
        int index = (int) (hash & (REGISTERS - 1));
        hash >>>= P;
        hash |= 1L << Q;
        int count = Long.numberOfTrailingZeros(hash) + 1;
        return ((long) count << 32) | index;
    }
}
