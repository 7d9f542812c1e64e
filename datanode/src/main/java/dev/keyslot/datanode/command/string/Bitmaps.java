package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.util.Numbers;

/** Bit-level helpers shared by the bitmap commands; bit 0 is the most significant bit of byte 0. */
final class Bitmaps {
    static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";

    private Bitmaps() {
    }

    /**
     * Parses a bit offset as Redis does: a non-negative integer whose byte lies within the bulk limit. With
     * a positive bitsPerUnit, "#n" means n * bitsPerUnit (BITFIELD).
     */
    static long offset(byte[] arg, int bitsPerUnit, long maxBulkLength) {
        boolean units = bitsPerUnit > 0 && arg.length > 0 && arg[0] == '#';
        int skip = units ? 1 : 0;
        long[] out = new long[1];
        if (!Numbers.parseLong(arg, skip, arg.length - skip, out)) {
            throw new CommandError(BAD_OFFSET);
        }
        long offset = units ? out[0] * bitsPerUnit : out[0];
        if (offset < 0 || (offset >> 3) >= maxBulkLength) {
            throw new CommandError(BAD_OFFSET);
        }
        return offset;
    }

    static int bit(byte[] p, long offset) {
        long index = offset >> 3;
        if (index >= p.length) {
            return 0;
        }
        return (p[(int) index] >> (7 - (int) (offset & 7))) & 1;
    }

    static long popcount(byte[] p, int from, int count) {
        long bits = 0;
        int i = from;
        int end = from + count;
        for (; i + 8 <= end; i += 8) {
            bits += Long.bitCount(((p[i] & 0xffL) << 56) | ((p[i + 1] & 0xffL) << 48) | ((p[i + 2] & 0xffL) << 40)
                    | ((p[i + 3] & 0xffL) << 32) | ((p[i + 4] & 0xffL) << 24) | ((p[i + 5] & 0xffL) << 16)
                    | ((p[i + 6] & 0xffL) << 8) | (p[i + 7] & 0xffL));
        }
        for (; i < end; i++) {
            bits += Integer.bitCount(p[i] & 0xff);
        }
        return bits;
    }

    /**
     * Redis's redisBitpos: the position of the first bit equal to bit in count bytes from from. When
     * absent: -1 looking for 1, count * 8 looking for 0 (the string is thought of as zero padded).
     */
    static long bitpos(byte[] p, int from, int count, int bit) {
        int skip = bit == 1 ? 0 : 0xff;
        for (int i = 0; i < count; i++) {
            int b = p[from + i] & 0xff;
            if (b != skip) {
                return (long) i * 8 + bitposInByte(b, bit);
            }
        }
        return bit == 1 ? -1 : (long) count * 8;
    }

    /** {@link #bitpos} over the single byte b. */
    static int bitposInByte(int b, int bit) {
        int bits = (bit == 1 ? b : ~b) & 0xff;
        if (bits == 0) {
            return bit == 1 ? -1 : 8;
        }
        return Integer.numberOfLeadingZeros(bits) - 24;
    }

    /** An unsigned field of 1..64 bits; bits beyond the array read as zero. */
    static long getUnsigned(byte[] p, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++) {
            value = (value << 1) | bit(p, offset + j);
        }
        return value;
    }

    static long getSigned(byte[] p, long offset, int bits) {
        long value = getUnsigned(p, offset, bits);
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
            value |= -1L << bits;
        }
        return value;
    }

    /** Writes the low bits of value; the array must be long enough. */
    static void setField(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++) {
            long o = offset + j;
            int index = (int) (o >> 3);
            int shift = 7 - (int) (o & 7);
            int bitval = (int) ((value >>> (bits - 1 - j)) & 1);
            p[index] = (byte) ((p[index] & ~(1 << shift)) | (bitval << shift));
        }
    }
}
