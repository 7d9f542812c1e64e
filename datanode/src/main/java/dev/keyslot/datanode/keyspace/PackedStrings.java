package dev.keyslot.datanode.keyspace;

import java.util.Arrays;

/**
 * Byte strings packed one after another in a single array, each behind its length as a varint (7 bits per
 * byte, low bits first): the Java counterpart of Redis's listpack for small collections. One array instead of
 * an array object per element cuts the memory of a small collection several times over and leaves the
 * collector one object to promote instead of dozens. Entries are addressed by their offset in the array.
 */
public final class PackedStrings {
    /** A byte array's header on the heap: mark word, compressed class pointer and length. */
    private static final int ARRAY_HEADER = 16;

    private PackedStrings() {
    }

    /** Bytes the entry for a string of this length takes, header included. */
    public static int entrySize(int length) {
        return headerSize(length) + length;
    }

    private static int headerSize(int length) {
        int size = 1;
        while (length >= 0x80) {
            length >>>= 7;
            size++;
        }
        return size;
    }

    /** Writes value's entry at offset and returns the offset after it; the array must have room. */
    public static int put(byte[] packed, int offset, byte[] value) {
        int length = value.length;
        while (length >= 0x80) {
            packed[offset++] = (byte) (length | 0x80);
            length >>>= 7;
        }
        packed[offset++] = (byte) length;
        System.arraycopy(value, 0, packed, offset, value.length);
        return offset + value.length;
    }

    /** The length of the string whose entry starts at offset. */
    public static int length(byte[] packed, int offset) {
        int length = 0;
        int shift = 0;
        byte b;
        do {
            b = packed[offset++];
            length |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return length;
    }

    /** Where the string's bytes of the entry at offset start. */
    public static int dataOffset(byte[] packed, int offset) {
        while (packed[offset] < 0) {
            offset++;
        }
        return offset + 1;
    }

    /** The offset of the entry after the one at offset. */
    public static int next(byte[] packed, int offset) {
        return dataOffset(packed, offset) + length(packed, offset);
    }

    /** A copy of the string of the entry at offset. */
    public static byte[] get(byte[] packed, int offset) {
        int data = dataOffset(packed, offset);
        return Arrays.copyOfRange(packed, data, data + length(packed, offset));
    }

    /** Whether the entry at offset holds exactly value. */
    public static boolean equals(byte[] packed, int offset, byte[] value) {
        if (length(packed, offset) != value.length) {
            return false;
        }
        int data = dataOffset(packed, offset);
        return Arrays.equals(packed, data, data + value.length, value, 0, value.length);
    }

    /**
     * Replaces bytes [from, to) of the first used bytes of packed with the entry of value; returns the array
     * (packed itself, or a larger copy when it had no room) and leaves the new used length to the caller:
     * used - (to - from) + entrySize(value.length).
     */
    public static byte[] replace(byte[] packed, int used, int from, int to, byte[] value) {
        int size = entrySize(value.length);
        byte[] target = withRoom(packed, used - (to - from) + size);
        System.arraycopy(packed, to, target, from + size, used - to);
        put(target, from, value);
        return target;
    }

    /** Removes bytes [from, to) of the first used bytes; returns the array, shrunk when mostly empty. */
    public static byte[] remove(byte[] packed, int used, int from, int to) {
        System.arraycopy(packed, to, packed, from, used - to);
        int newUsed = used - (to - from);
        return packed.length > 64 && newUsed < packed.length / 4 ? Arrays.copyOf(packed, grownCapacity(newUsed)) : packed;
    }

    /** packed itself when it holds needed bytes, else a copy grown to {@link #grownCapacity}. */
    public static byte[] withRoom(byte[] packed, int needed) {
        return needed <= packed.length ? packed : Arrays.copyOf(packed, grownCapacity(needed));
    }

    /**
     * A capacity for needed bytes: a small array is sized to what it needs, rounded up to fill its heap allocation
     * (8-byte aligned after a 16-byte header), as Redis reallocates a listpack to fit on every change; from 256
     * bytes on an eighth more, so a growing chunk is not copied on every append.
     */
    public static int grownCapacity(int needed) {
        int wanted = needed < 256 ? needed : needed + (needed >>> 3);
        return ((wanted + ARRAY_HEADER + 7) & ~7) - ARRAY_HEADER;
    }
}
