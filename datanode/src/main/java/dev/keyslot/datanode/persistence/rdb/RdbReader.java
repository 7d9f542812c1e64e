package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.util.Numbers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Reads RDB-encoded lengths and strings from a byte range or from a stream (a whole RDB file, read through a
 * sliding window); malformed or truncated input raises {@link RdbFormatException}. A stream reader can keep
 * the CRC-64 of everything consumed, for the file's trailer.
 */
public final class RdbReader {
    private static final int WINDOW = 64 * 1024;

    private byte[] buf;
    private int end;
    private int pos;
    /** Set by {@link #readLengthOrEncoding()} when the value read is a special encoding, not a length. */
    private boolean encoded;
    /** Null for a byte range; else where more bytes come from. */
    private final InputStream source;
    private final boolean checksumming;
    private long crc;
    /** Start of the bytes of buf not yet folded into crc. */
    private int crcFrom;

    public RdbReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
        this.source = null;
        this.checksumming = false;
    }

    /** A reader of a stream; with checksumming it keeps the CRC-64 of the bytes consumed ({@link #checksum}). */
    public RdbReader(InputStream source, boolean checksumming) {
        this.buf = new byte[WINDOW];
        this.source = source;
        this.checksumming = checksumming;
    }

    /** Bytes that can be read without reaching the end of the data (for a stream: those buffered). */
    public int remaining() {
        return end - pos;
    }

    /** The CRC-64 of every byte consumed so far (stream readers created with checksumming). */
    public long checksum() {
        foldChecksum();
        return crc;
    }

    private void foldChecksum() {
        if (checksumming) {
            crc = Crc64.update(crc, buf, crcFrom, pos - crcFrom);
        }
        crcFrom = pos;
    }

    /**
     * Makes n bytes available at pos. A stream is read for exactly the bytes missing, never beyond, so what
     * follows an RDB in the same stream (an AOF tail, a replication stream) stays unread.
     */
    private boolean fill(int n) {
        if (end - pos >= n) {
            return true;
        }
        if (source == null) {
            return false;
        }
        foldChecksum();
        int kept = end - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, kept);
        }
        if (n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
        }
        pos = 0;
        crcFrom = 0;
        end = kept;
        int got = readFromSource(buf, end, n - kept);
        end += got;
        return got == n - kept;
    }

    /** Reads up to len bytes, fewer only at the end of the stream. */
    private int readFromSource(byte[] into, int offset, int len) {
        try {
            return source.readNBytes(into, offset, len);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void need(int n) {
        if (!fill(n)) {
            throw new RdbFormatException("unexpected end of data");
        }
    }

    public int readByte() {
        need(1);
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
        if (compressedLength < 0 || compressedLength > Integer.MAX_VALUE - 8 || !fill((int) compressedLength)
                || length < 0 || length > Integer.MAX_VALUE - 8) {
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
        if (len < 0 || len > Integer.MAX_VALUE - 8) {
            throw new RdbFormatException("string longer than the data");
        }
        if (len <= remaining()) {
            byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) len);
            pos += (int) len;
            return out;
        }
        if (source == null) {
            throw new RdbFormatException("string longer than the data");
        }
        return readLong((int) len);
    }

    /**
     * A string longer than what is buffered: the buffered part, then the rest straight from the stream in
     * window-sized steps, so a corrupt length fails at the end of the data instead of allocating it all.
     */
    private byte[] readLong(int len) {
        foldChecksum();
        int buffered = end - pos;
        byte[] out = Arrays.copyOfRange(buf, pos, pos + Math.max(buffered, Math.min(len, WINDOW)));
        pos = end;
        crcFrom = end;
        int got = buffered;
        while (got < len) {
            int step = Math.min(len - got, WINDOW);
            if (got + step > out.length) {
                out = Arrays.copyOf(out, (int) Math.min(len, Math.max((long) out.length * 2, got + step)));
            }
            int n = readFromSource(out, got, step);
            if (checksumming) {
                crc = Crc64.update(crc, out, got, n);
            }
            got += n;
            if (n < step) {
                throw new RdbFormatException("string longer than the data");
            }
        }
        return out;
    }

    public long readLittleEndian(int bytes) {
        need(bytes);
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) (buf[pos++] & 0xff) << (8 * i);
        }
        return v;
    }

    private long readBigEndian(int bytes) {
        need(bytes);
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }
}
