package dev.keyslot.datanode.keyspace.stream;

import dev.keyslot.datanode.keyspace.ListpackSizes;

import dev.keyslot.datanode.protocol.Reply;
import dev.keyslot.datanode.util.Numbers;

import java.util.Arrays;

/**
 * One stream node: a listpack kept byte for byte as Redis lays it out (6-byte header, entries of
 * encoding + data + backlen, 0xFF terminator), so it is dumped as is. Elements are addressed by their
 * byte offset; integers are read back without allocating.
 */
public final class ListpackNode {
    static final int HEADER = 6;
    private static final int TERMINATOR = 0xff;
    private static final int COUNT_UNKNOWN = 0xffff;

    private byte[] buf;
    private int bytes;
    private final long[] parsed = new long[1];

    /** An empty listpack. */
    public ListpackNode() {
        buf = new byte[128];
        bytes = HEADER + 1;
        buf[HEADER] = (byte) TERMINATOR;
        writeHeader(0);
    }

    /** Takes a listpack blob (already validated) as it is. */
    public ListpackNode(byte[] blob) {
        buf = blob;
        bytes = blob.length;
    }

    public int bytes() {
        return bytes;
    }

    /** Heap bytes held, spare capacity included. */
    public int capacity() {
        return buf.length;
    }

    /** Drops the spare capacity, as Redis shrinks a stream node it stops appending to (lpShrinkToFit). */
    public void shrinkToFit() {
        if (buf.length > bytes) {
            buf = Arrays.copyOf(buf, bytes);
        }
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, bytes);
    }

    public ListpackNode copy() {
        return new ListpackNode(toByteArray());
    }

    /** Offset of the first element, -1 when empty. */
    public int first() {
        return (buf[HEADER] & 0xff) == TERMINATOR ? -1 : HEADER;
    }

    /** Offset of the element after p, -1 at the end. */
    public int next(int p) {
        int q = p + elementSize(p);
        return (buf[q] & 0xff) == TERMINATOR ? -1 : q;
    }

    /** Offset of the last element, -1 when empty. */
    public int last() {
        return bytes - 1 == HEADER ? -1 : previousFrom(bytes - 1);
    }

    /** Offset of the element before p, -1 at the start. */
    public int previous(int p) {
        return p == HEADER ? -1 : previousFrom(p);
    }

    private int previousFrom(int end) {
        long len = 0;
        int shift = 0;
        int q = end - 1;
        while (true) {
            int b = buf[q] & 0xff;
            len |= (long) (b & 127) << shift;
            if ((b & 128) == 0) {
                break;
            }
            shift += 7;
            q--;
        }
        return end - ListpackSizes.backlenBytes(len) - (int) len;
    }

    /** The element at p as an integer; a string element is parsed as Redis's lpGetInteger would. */
    public long integer(int p) {
        int b = buf[p] & 0xff;
        if ((b & 0x80) == 0) {
            return b;
        }
        if ((b & 0xe0) == 0xc0) {
            long u = ((b & 0x1f) << 8) | (buf[p + 1] & 0xff);
            return u >= 4096 ? u - 8192 : u;
        }
        if (b >= 0xf1 && b <= 0xf4) {
            int width = b == 0xf1 ? 2 : b == 0xf2 ? 3 : b == 0xf3 ? 4 : 8;
            long raw = le(p + 1, width);
            int shift = 64 - 8 * width;
            return (raw << shift) >> shift;
        }
        if (!Numbers.parseLong(buf, stringOffset(p), stringLength(p), parsed)) {
            throw new IllegalStateException("stream listpack element is not an integer");
        }
        return parsed[0];
    }

    public boolean isString(int p) {
        int b = buf[p] & 0xff;
        return (b & 0xc0) == 0x80 || (b & 0xf0) == 0xe0 || b == 0xf0;
    }

    private int stringOffset(int p) {
        int b = buf[p] & 0xff;
        if ((b & 0xc0) == 0x80) {
            return p + 1;
        }
        return (b & 0xf0) == 0xe0 ? p + 2 : p + 5;
    }

    private int stringLength(int p) {
        int b = buf[p] & 0xff;
        if ((b & 0xc0) == 0x80) {
            return b & 0x3f;
        }
        if ((b & 0xf0) == 0xe0) {
            return ((b & 0x0f) << 8) | (buf[p + 1] & 0xff);
        }
        return (int) le(p + 1, 4);
    }

    /** Replies the element at p as a bulk string (integers in decimal). */
    public void reply(Reply r, int p) {
        if (isString(p)) {
            r.bulk(buf, stringOffset(p), stringLength(p));
        } else {
            r.bulkLong(integer(p));
        }
    }

    /** The element at p as a byte string (integers in decimal). */
    public byte[] bytesAt(int p) {
        if (isString(p)) {
            int off = stringOffset(p);
            return Arrays.copyOfRange(buf, off, off + stringLength(p));
        }
        return Numbers.toBytes(integer(p)).clone();
    }

    /** Whether the element at p reads as s (Redis compares the string form). */
    public boolean elementEquals(int p, byte[] s) {
        if (isString(p)) {
            int off = stringOffset(p);
            return Arrays.equals(buf, off, off + stringLength(p), s, 0, s.length);
        }
        return Arrays.equals(Numbers.toBytes(integer(p)), s);
    }

    private int elementSize(int p) {
        int b = buf[p] & 0xff;
        int encoded;
        if ((b & 0x80) == 0) {
            encoded = 1;
        } else if ((b & 0xc0) == 0x80) {
            encoded = 1 + (b & 0x3f);
        } else if ((b & 0xe0) == 0xc0) {
            encoded = 2;
        } else if ((b & 0xf0) == 0xe0) {
            encoded = 2 + stringLength(p);
        } else if (b == 0xf0) {
            encoded = 5 + stringLength(p);
        } else {
            encoded = 1 + (b == 0xf1 ? 2 : b == 0xf2 ? 3 : b == 0xf3 ? 4 : 8);
        }
        return encoded + ListpackSizes.backlenBytes(encoded);
    }

    /** Appends s, as an integer when it is one in canonical form (Redis's lpAppend). */
    public void append(byte[] s) {
        if (Numbers.parseLong(s, parsed)) {
            appendInteger(parsed[0]);
            return;
        }
        int n = s.length;
        int header = n < 64 ? 1 : n < 4096 ? 2 : 5;
        int encoded = header + n;
        int at = openGap(bytes - 1, encoded + ListpackSizes.backlenBytes(encoded), 0);
        if (header == 1) {
            buf[at] = (byte) (0x80 | n);
        } else if (header == 2) {
            buf[at] = (byte) (0xe0 | (n >> 8));
            buf[at + 1] = (byte) n;
        } else {
            buf[at] = (byte) 0xf0;
            for (int i = 0; i < 4; i++) {
                buf[at + 1 + i] = (byte) (n >>> (8 * i));
            }
        }
        System.arraycopy(s, 0, buf, at + header, n);
        writeBacklen(at + encoded, encoded);
        incrementCount();
    }

    public void appendInteger(long v) {
        int encoded = ListpackSizes.integerSize(v);
        writeInteger(openGap(bytes - 1, encoded + ListpackSizes.backlenBytes(encoded), 0), v, encoded);
        incrementCount();
    }

    /** Replaces the element at p by the integer v, resizing the blob when the width changes. */
    public void replaceInteger(int p, long v) {
        int encoded = ListpackSizes.integerSize(v);
        writeInteger(openGap(p, encoded + ListpackSizes.backlenBytes(encoded), elementSize(p)), v, encoded);
    }

    /** Makes room for size bytes at p in place of removed bytes, shifting the tail; returns p. */
    private int openGap(int p, int size, int removed) {
        int delta = size - removed;
        if (bytes + delta > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, bytes + delta));
        }
        System.arraycopy(buf, p + removed, buf, p + size, bytes - p - removed);
        bytes += delta;
        writeTotal();
        return p;
    }

    private void writeInteger(int at, long v, int encoded) {
        switch (encoded) {
            case 1 -> buf[at] = (byte) v;
            case 2 -> {
                long u = v < 0 ? v + (1 << 13) : v;
                buf[at] = (byte) (0xc0 | (u >> 8));
                buf[at + 1] = (byte) u;
            }
            default -> {
                buf[at] = (byte) (encoded == 3 ? 0xf1 : encoded == 4 ? 0xf2 : encoded == 5 ? 0xf3 : 0xf4);
                for (int i = 0; i < encoded - 1; i++) {
                    buf[at + 1 + i] = (byte) (v >>> (8 * i));
                }
            }
        }
        writeBacklen(at + encoded, encoded);
    }

    /** The element length, most significant 7-bit group first, continuation bits on all but the first. */
    private void writeBacklen(int at, long len) {
        int n = ListpackSizes.backlenBytes(len);
        for (int i = n - 1; i >= 0; i--, at++) {
            long part = (len >>> (7 * i)) & 127;
            buf[at] = (byte) (i == n - 1 ? part : part | 128);
        }
    }

    private void incrementCount() {
        int stored = (buf[4] & 0xff) | ((buf[5] & 0xff) << 8);
        if (stored != COUNT_UNKNOWN) {
            writeCount(stored + 1);
        }
    }

    private void writeHeader(int count) {
        writeTotal();
        writeCount(count);
    }

    private void writeTotal() {
        for (int i = 0; i < 4; i++) {
            buf[i] = (byte) (bytes >>> (8 * i));
        }
    }

    private void writeCount(int count) {
        int stored = Math.min(count, COUNT_UNKNOWN);
        buf[4] = (byte) stored;
        buf[5] = (byte) (stored >>> 8);
    }

    private long le(int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (buf[off + i] & 0xff) << (8 * i);
        }
        return v;
    }
}
