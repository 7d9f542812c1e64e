package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.keyspace.ListpackSizes;
import dev.keyslot.datanode.keyspace.list.ListValue;
import dev.keyslot.datanode.util.Numbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Redis's listpack blob: a 6-byte header (total bytes, element count), entries each made of an encoding,
 * its data and a backlen, and a 0xFF terminator. Strings that are canonical integers are stored as
 * integers of the smallest width, as Redis does, so the bytes match redis-server's.
 */
public final class Listpack {
    static final int HEADER = 6;
    static final int TERMINATOR = 0xff;
    /** Element count stored in the header when the real one does not fit 16 bits. */
    private static final int COUNT_UNKNOWN = 0xffff;

    private byte[] buf = new byte[64];
    private int size = HEADER;
    private int count;
    private final long[] parsed = new long[1];

    /** Bytes the finished blob would take now, header and terminator included. */
    public int bytes() {
        return size + 1;
    }

    public int count() {
        return count;
    }

    public void append(byte[] s) {
        append(s, 0, s.length);
    }

    public void append(byte[] array, int offset, int length) {
        if (Numbers.parseLong(array, offset, length, parsed)) {
            appendInteger(parsed[0]);
        } else {
            appendString(array, offset, length);
        }
    }

    /** The listpack of one of a list's packed nodes. */
    public static byte[] ofNode(ListValue list, int node) {
        Listpack lp = new Listpack();
        list.forEachInNode(node, lp::append);
        return lp.toByteArray();
    }

    public void appendInteger(long v) {
        int start = size;
        if (v >= 0 && v <= 127) {
            put(v, 1);
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? v + (1 << 13) : v;
            put(0xc0 | (u >> 8), 1);
            put(u & 0xff, 1);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            put(0xf1, 1);
            put(v, 2);
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            put(0xf2, 1);
            put(v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            put(0xf3, 1);
            put(v, 4);
        } else {
            put(0xf4, 1);
            put(v, 8);
        }
        finishEntry(start);
    }

    private void appendString(byte[] array, int offset, int length) {
        int start = size;
        if (length < 64) {
            put(0x80 | length, 1);
        } else if (length < 4096) {
            put(0xe0 | (length >> 8), 1);
            put(length & 0xff, 1);
        } else {
            put(0xf0, 1);
            put(length, 4);
        }
        ensure(length);
        System.arraycopy(array, offset, buf, size, length);
        size += length;
        finishEntry(start);
    }

    private void finishEntry(int start) {
        long len = size - start;
        int n = ListpackSizes.backlenBytes(len);
        for (int i = n - 1; i >= 0; i--) {
            long part = (len >>> (7 * i)) & 127;
            put(i == n - 1 ? part : part | 128, 1);
        }
        count++;
    }

    public byte[] toByteArray() {
        byte[] out = Arrays.copyOf(buf, size + 1);
        out[size] = (byte) TERMINATOR;
        int total = size + 1;
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) (total >>> (8 * i));
        }
        int stored = Math.min(count, COUNT_UNKNOWN);
        out[4] = (byte) stored;
        out[5] = (byte) (stored >>> 8);
        return out;
    }

    private void put(long v, int bytes) {
        ensure(bytes);
        for (int i = 0; i < bytes; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    private void ensure(int more) {
        if (size + more + 1 > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more + 1));
        }
    }

    /** The elements of a blob, as strings (integers in decimal); rejects any structural inconsistency. */
    public static List<byte[]> parse(byte[] lp) {
        if (lp.length < HEADER + 1 || (int) le(lp, 0, 4) != lp.length || (lp[lp.length - 1] & 0xff) != TERMINATOR) {
            throw new RdbFormatException("listpack header");
        }
        int declared = (int) le(lp, 4, 2);
        List<byte[]> out = new ArrayList<>();
        int p = HEADER;
        int end = lp.length - 1;
        while (p < end) {
            int b = lp[p] & 0xff;
            int dataStart;
            long dataLen;
            byte[] value = null;
            if ((b & 0x80) == 0) {
                value = Numbers.toBytes(b).clone();
                dataStart = p + 1;
                dataLen = 0;
            } else if ((b & 0xc0) == 0x80) {
                dataStart = p + 1;
                dataLen = b & 0x3f;
            } else if ((b & 0xe0) == 0xc0) {
                need(lp, p, 2, end);
                long u = ((b & 0x1f) << 8) | (lp[p + 1] & 0xff);
                value = Numbers.toBytes(u >= 4096 ? u - 8192 : u).clone();
                dataStart = p + 2;
                dataLen = 0;
            } else if ((b & 0xf0) == 0xe0) {
                need(lp, p, 2, end);
                dataStart = p + 2;
                dataLen = ((b & 0x0f) << 8) | (lp[p + 1] & 0xff);
            } else if (b >= 0xf1 && b <= 0xf4) {
                int width = b == 0xf1 ? 2 : b == 0xf2 ? 3 : b == 0xf3 ? 4 : 8;
                need(lp, p, 1 + width, end);
                long raw = le(lp, p + 1, width);
                int shift = 64 - 8 * width;
                value = Numbers.toBytes((raw << shift) >> shift).clone();
                dataStart = p + 1 + width;
                dataLen = 0;
            } else if (b == 0xf0) {
                need(lp, p, 5, end);
                dataStart = p + 5;
                dataLen = le(lp, p + 1, 4);
            } else {
                throw new RdbFormatException("listpack entry encoding");
            }
            if (dataLen > end - dataStart) {
                throw new RdbFormatException("listpack entry past the end");
            }
            if (value == null) {
                value = Arrays.copyOfRange(lp, dataStart, dataStart + (int) dataLen);
            }
            long entryLen = dataStart + dataLen - p;
            int backlenAt = dataStart + (int) dataLen;
            int n = ListpackSizes.backlenBytes(entryLen);
            if (n > end - backlenAt || decodeBacklen(lp, backlenAt + n - 1) != entryLen) {
                throw new RdbFormatException("listpack backlen");
            }
            out.add(value);
            p = backlenAt + n;
        }
        if (declared != COUNT_UNKNOWN && declared != out.size()) {
            throw new RdbFormatException("listpack element count");
        }
        return out;
    }

    /** Reads a backlen whose last byte is at p, walking backwards as Redis does. */
    private static long decodeBacklen(byte[] lp, int p) {
        long v = 0;
        int shift = 0;
        for (int i = 0; i < 5; i++, p--) {
            int b = lp[p] & 0xff;
            v |= (long) (b & 127) << shift;
            if ((b & 128) == 0) {
                return v;
            }
            shift += 7;
        }
        return -1;
    }

    private static void need(byte[] lp, int p, int n, int end) {
        if (n > end - p) {
            throw new RdbFormatException("listpack entry past the end");
        }
    }

    static long le(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (b[off + i] & 0xff) << (8 * i);
        }
        return v;
    }
}
