package dev.keyslot.datanode.persistence.aof;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Commands in RESP form waiting to be written to the AOF (Redis's aof_buf): a growable byte array that
 * encodes without allocating per command.
 */
final class AofBuffer {
    /** Past this capacity an emptied buffer is dropped rather than kept, as Redis does with large buffers. */
    private static final int KEEP_CAPACITY = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private byte[] bytes = new byte[4096];
    private int length;

    int length() {
        return length;
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** The buffered bytes for a write; valid until the buffer changes. */
    ByteBuffer view() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    /** Drops the first n bytes (after a write that took only part of them). */
    void consume(int n) {
        if (n >= length) {
            clear();
            return;
        }
        System.arraycopy(bytes, n, bytes, 0, length - n);
        length -= n;
    }

    void clear() {
        length = 0;
        if (bytes.length > KEEP_CAPACITY) {
            bytes = new byte[4096];
        }
    }

    void appendCommand(byte[][] argv) {
        appendHeader('*', argv.length);
        for (byte[] arg : argv) {
            appendBulk(arg);
        }
    }

    void appendBulk(byte[] arg) {
        appendHeader('$', arg.length);
        append(arg, 0, arg.length);
        append(CRLF, 0, 2);
    }

    void appendHeader(char type, long n) {
        ensure(24);
        bytes[length++] = (byte) type;
        appendDecimal(n);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
    }

    void appendAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
    }

    void append(byte[] src, int offset, int n) {
        ensure(n);
        System.arraycopy(src, offset, bytes, length, n);
        length += n;
    }

    private void appendDecimal(long v) {
        if (v < 0) {
            bytes[length++] = '-';
            v = -v;
        }
        int start = length;
        do {
            bytes[length++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }
}
