package dev.keyslot.datanode.cluster;

import dev.keyslot.datanode.util.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable growing byte buffer for the text of CLUSTER NODES lines and nodes.conf. Appends are plain byte
 * stores: through StringBuilder's coder-checking appends the node line was the largest JIT compilation of a
 * resharding (bench/RESULTS.md), compiled afresh in every node while the slots moved.
 */
final class LineBuffer {
    private byte[] bytes;
    private int length;

    LineBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    LineBuffer append(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** Appends s in UTF-8 (node ids, addresses and flags are ASCII; a peer's hostname might not be). */
    LineBuffer append(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return appendEncoded(s.substring(i));
            }
            bytes[length++] = (byte) c;
        }
        return this;
    }

    private LineBuffer appendEncoded(String s) {
        byte[] encoded = s.getBytes(StandardCharsets.UTF_8);
        ensure(encoded.length);
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
        return this;
    }

    /** Appends v in decimal. */
    LineBuffer append(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                return append(Long.toString(v));
            }
            append('-');
            v = -v;
        }
        int digits = Numbers.decimalLength(v);
        ensure(digits);
        int end = length + digits;
        for (int i = end - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length = end;
        return this;
    }

    /** Appends v read as an unsigned 64-bit number, as Redis prints epochs. */
    LineBuffer appendUnsigned(long v) {
        return v >= 0 ? append(v) : append(Long.toUnsignedString(v));
    }

    /** Pads with newlines up to size bytes (the buffer's length is unchanged). */
    void padTo(int size) {
        if (size > length) {
            ensure(size - length);
            Arrays.fill(bytes, length, size, (byte) '\n');
        }
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    /** The backing array: its first {@link #length()} bytes are the content. */
    byte[] array() {
        return bytes;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
