package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.util.Numbers;

/** Reads RDB-encoded lengths and strings from a byte range; malformed input raises {@link RdbFormatException}. */
public final class RdbReader {
    private final byte[] buf;
    private final int end;
    private int pos;
    /** Set by {@link #readLengthOrEncoding()} when the value read is a special encoding, not a length. */
    private boolean encoded;

    public RdbReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public int readByte() {
        if (pos >= end) {
            throw new RdbFormatException("unexpected end of data");
        }
        return buf[pos++] & 0xff;
    }

    /** A length; an encoded string marker here is a format error. */
    public long readLength() {
        long len = readLengthOrEncoding();
        if (encoded) {
            throw new RdbFormatException("unexpected string encoding");
        }
        return len;
    }

    private long readLengthOrEncoding() {
        int first = readByte();
        encoded = false;
        switch (first >> 6) {
            case 0:
                return first & 0x3f;
            case 1:
                return ((long) (first & 0x3f) << 8) | readByte();
            case 3:
                encoded = true;
                return first & 0x3f;
            default:
                if (first == RdbWriter.LEN_32BIT) {
                    return readBigEndian(4);
                }
                if (first == RdbWriter.LEN_64BIT) {
                    return readBigEndian(8);
                }
                throw new RdbFormatException("unknown length encoding " + first);
        }
    }

    public byte[] readString() {
        long len = readLengthOrEncoding();
        if (encoded) {
            return switch ((int) len) {
                case RdbWriter.ENC_INT8 -> digits((byte) readLittleEndian(1));
                case RdbWriter.ENC_INT16 -> digits((short) readLittleEndian(2));
                case RdbWriter.ENC_INT32 -> digits((int) readLittleEndian(4));
                case RdbWriter.ENC_LZF -> readCompressed();
                default -> throw new RdbFormatException("unknown string encoding " + len);
            };
        }
        return readBytes(len);
    }

    private static byte[] digits(long v) {
        return Numbers.toBytes(v).clone();
    }

    private byte[] readCompressed() {
        long compressedLength = readLength();
        long length = readLength();
        if (compressedLength < 0 || compressedLength > remaining() || length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new RdbFormatException("compressed string out of bounds");
        }
        byte[] out = new byte[(int) length];
        int n = Lzf.decompress(buf, pos, (int) compressedLength, out);
        if (n != length) {
            throw new RdbFormatException("invalid LZF compressed string");
        }
        pos += (int) compressedLength;
        return out;
    }

    public byte[] readBytes(long len) {
        if (len < 0 || len > remaining()) {
            throw new RdbFormatException("string longer than the data");
        }
        byte[] out = new byte[(int) len];
        System.arraycopy(buf, pos, out, 0, (int) len);
        pos += (int) len;
        return out;
    }

    public long readLittleEndian(int bytes) {
        if (bytes > remaining()) {
            throw new RdbFormatException("unexpected end of data");
        }
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) (buf[pos++] & 0xff) << (8 * i);
        }
        return v;
    }

    private long readBigEndian(int bytes) {
        if (bytes > remaining()) {
            throw new RdbFormatException("unexpected end of data");
        }
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }
}
