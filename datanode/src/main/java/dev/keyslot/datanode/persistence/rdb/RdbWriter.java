package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.util.Numbers;

import java.util.Arrays;

/**
 * Builds RDB-encoded bytes: lengths, strings (as small integers when canonical, LZF-compressed when that
 * saves space and compression is on, else verbatim) and raw bytes, into a growable buffer.
 */
public final class RdbWriter {
    static final int ENC_INT8 = 0;
    static final int ENC_INT16 = 1;
    static final int ENC_INT32 = 2;
    static final int ENC_LZF = 3;
    static final int LEN_32BIT = 0x80;
    static final int LEN_64BIT = 0x81;
    /** Integer encoding is tried only up to this length: longer strings cannot be 32-bit integers. */
    private static final int MAX_INT_ENCODED_LENGTH = 11;
    /** Below this LZF cannot win even on a run of identical bytes. */
    private static final int MIN_COMPRESSED_LENGTH = 21;

    private final boolean compress;
    private byte[] buf = new byte[64];
    private int size;
    private final long[] parsed = new long[1];

    public RdbWriter(boolean compress) {
        this.compress = compress;
    }

    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void writeBytes(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, buf, size, length);
        size += length;
    }

    public void writeLength(long len) {
        if (len < (1 << 6)) {
            writeByte((int) len);
        } else if (len < (1 << 14)) {
            writeByte((int) ((len >> 8) | 0x40));
            writeByte((int) (len & 0xff));
        } else if (len <= 0xffffffffL) {
            writeByte(LEN_32BIT);
            writeBigEndian(len, 4);
        } else {
            writeByte(LEN_64BIT);
            writeBigEndian(len, 8);
        }
    }

    public void writeString(byte[] s) {
        if (s.length <= MAX_INT_ENCODED_LENGTH && Numbers.parseLong(s, parsed) && writeEncodedInteger(parsed[0])) {
            return;
        }
        if (compress && s.length >= MIN_COMPRESSED_LENGTH && writeCompressed(s)) {
            return;
        }
        writeLength(s.length);
        writeBytes(s, 0, s.length);
    }

    /** A string holding the decimal form of v (Redis's rdbSaveLongLongAsStringObject). */
    public void writeLongAsString(long v) {
        if (!writeEncodedInteger(v)) {
            byte[] digits = Numbers.toBytes(v);
            writeLength(digits.length);
            writeBytes(digits, 0, digits.length);
        }
    }

    private boolean writeEncodedInteger(long v) {
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            writeByte(0xc0 | ENC_INT8);
            writeLittleEndian(v, 1);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            writeByte(0xc0 | ENC_INT16);
            writeLittleEndian(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            writeByte(0xc0 | ENC_INT32);
            writeLittleEndian(v, 4);
        } else {
            return false;
        }
        return true;
    }

    /** Compressed form only when it saves at least four bytes, as Redis requires. */
    private boolean writeCompressed(byte[] s) {
        int limit = s.length - 4;
        byte[] out = new byte[limit + 1];
        int n = Lzf.compress(s, s.length, out, limit);
        if (n == 0) {
            return false;
        }
        writeLzf(Arrays.copyOf(out, n), s.length);
        return true;
    }

    /** A string already LZF-compressed from originalLength bytes. */
    public void writeLzf(byte[] compressed, int originalLength) {
        writeByte(0xc0 | ENC_LZF);
        writeLength(compressed.length);
        writeLength(originalLength);
        writeBytes(compressed, 0, compressed.length);
    }

    public void writeLittleEndian(long v, int bytes) {
        ensure(bytes);
        for (int i = 0; i < bytes; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    private void writeBigEndian(long v, int bytes) {
        ensure(bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    public int size() {
        return size;
    }

    /** Empties the buffer for reuse, keeping its capacity. */
    public void reset() {
        size = 0;
    }

    /** The bytes written so far, for checksumming in place. */
    public byte[] buffer() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
