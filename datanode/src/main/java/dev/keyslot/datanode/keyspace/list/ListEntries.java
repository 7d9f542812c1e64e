package dev.keyslot.datanode.keyspace.list;

import dev.keyslot.datanode.keyspace.PackedStrings;

import java.util.Arrays;

/**
 * A list node's elements packed one after another in a single array, each entry its string's length as a
 * varint (7 bits per byte, low bits first), the string, and the length again backwards (low bits last), so a
 * node is walked from either end as Redis walks a listpack with its backlens: popping or indexing near a node's
 * tail does not walk the thousand-odd small entries an 8 KB node holds. Entries are addressed by their offset.
 */
final class ListEntries {
    private ListEntries() {
    }

    /** Bytes the entry for a string of this length takes. */
    static int entrySize(int length) {
        return 2 * varintSize(length) + length;
    }

    private static int varintSize(int length) {
        int size = 1;
        while (length >= 0x80) {
            length >>>= 7;
            size++;
        }
        return size;
    }

    /** Writes value's entry at offset and returns the offset after it; the array must have room. */
    static int put(byte[] packed, int offset, byte[] value) {
        int length = value.length;
        int lengthBytes = varintSize(length);
        for (int i = 0; i < lengthBytes; i++) {
            int group = (length >>> (7 * i)) & 0x7f;
            packed[offset + i] = (byte) (i < lengthBytes - 1 ? group | 0x80 : group);
        }
        offset += lengthBytes;
        System.arraycopy(value, 0, packed, offset, length);
        offset += length;
        for (int i = 0; i < lengthBytes; i++) {
            int group = (length >>> (7 * i)) & 0x7f;
            packed[offset + lengthBytes - 1 - i] = (byte) (i < lengthBytes - 1 ? group | 0x80 : group);
        }
        return offset + lengthBytes;
    }

    /** The length of the string whose entry starts at offset: the leading length is PackedStrings' varint. */
    static int length(byte[] packed, int offset) {
        return PackedStrings.length(packed, offset);
    }

    /** Where the string's bytes of the entry at offset start. */
    static int dataOffset(byte[] packed, int offset) {
        return PackedStrings.dataOffset(packed, offset);
    }

    /** The offset of the entry after the one at offset. */
    static int next(byte[] packed, int offset) {
        int length = length(packed, offset);
        return offset + 2 * varintSize(length) + length;
    }

    /** Where the entry whose string of this length starts at dataOffset ends. */
    static int end(int dataOffset, int length) {
        return dataOffset + length + varintSize(length);
    }

    /** The offset of the entry that ends where end is. */
    static int previous(byte[] packed, int end) {
        int length = 0;
        int shift = 0;
        int at = end;
        byte b;
        do {
            b = packed[--at];
            length |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return end - entrySize(length);
    }

    /** A copy of the string of the entry at offset. */
    static byte[] get(byte[] packed, int offset) {
        int data = dataOffset(packed, offset);
        return Arrays.copyOfRange(packed, data, data + length(packed, offset));
    }

    /** Whether the entry at offset holds exactly value. */
    static boolean equals(byte[] packed, int offset, byte[] value) {
        if (length(packed, offset) != value.length) {
            return false;
        }
        int data = dataOffset(packed, offset);
        return Arrays.equals(packed, data, data + value.length, value, 0, value.length);
    }

    /**
     * Replaces bytes [from, to) of the first used bytes of packed with the entry of value; returns the array
     * (packed itself, or a larger copy when it had no room).
     */
    static byte[] replace(byte[] packed, int used, int from, int to, byte[] value) {
        int size = entrySize(value.length);
        byte[] target = PackedStrings.withRoom(packed, used - (to - from) + size);
        System.arraycopy(packed, to, target, from + size, used - to);
        put(target, from, value);
        return target;
    }
}
