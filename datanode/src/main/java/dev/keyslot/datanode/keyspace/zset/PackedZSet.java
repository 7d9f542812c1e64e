package dev.keyslot.datanode.keyspace.zset;

import dev.keyslot.datanode.keyspace.PackedStrings;

import java.util.Arrays;

/**
 * A small sorted set in one byte array, ordered by (score, member): each entry is the member as a
 * {@link PackedStrings} entry followed by its score. Like Redis's listpack, an integral score is stored as a
 * small integer (a zigzag varint shifted left, so its first byte is even) and any other as a marker byte 1
 * plus the 8 bytes of the double, so a score costs 1 or 2 bytes in the common case instead of a node of
 * ~100 bytes. Every operation is a walk of at most zset-max-listpack-entries entries, as in Redis.
 */
final class PackedZSet {
    private static final byte[] EMPTY = new byte[0];
    private static final byte DOUBLE_MARKER = 1;
    private static final double LARGEST_PACKED_INTEGER = 0x1p53;

    private byte[] data = EMPTY;
    private int used;
    private int size;

    PackedZSet copy() {
        PackedZSet c = new PackedZSet();
        c.data = Arrays.copyOf(data, used);
        c.used = used;
        c.size = size;
        return c;
    }

    int size() {
        return size;
    }

    int allocatedBytes() {
        return data.length;
    }

    /** The entry at a 0-based rank, or null when out of range. */
    PackedEntry at(long index) {
        if (index < 0 || index >= size) {
            return null;
        }
        int offset = 0;
        for (int i = 0; i < index; i++) {
            offset = next(offset);
        }
        return entry((int) index, offset, null);
    }

    /** The entry holding member, or null; the snapshot shares the caller's array. */
    PackedEntry find(byte[] member) {
        int offset = 0;
        for (int i = 0; i < size; i++) {
            if (PackedStrings.equals(data, offset, member)) {
                return new PackedEntry(this, i, offset, member, score(offset), null);
            }
            offset = next(offset);
        }
        return null;
    }

    PackedEntry entry(int index, int offset, int[] offsets) {
        return new PackedEntry(this, index, offset, PackedStrings.get(data, offset), score(offset), offsets);
    }

    /** The offset of the entry after the one at offset. */
    int next(int offset) {
        return skipScore(PackedStrings.next(data, offset));
    }

    /** Every entry's offset, for walking backwards. */
    int[] offsets() {
        int[] offsets = new int[size];
        int offset = 0;
        for (int i = 0; i < size; i++) {
            offsets[i] = offset;
            offset = next(offset);
        }
        return offsets;
    }

    double score(int offset) {
        int at = PackedStrings.next(data, offset);
        if (data[at] == DOUBLE_MARKER) {
            long bits = 0;
            for (int i = 1; i <= Long.BYTES; i++) {
                bits = bits << 8 | (data[at + i] & 0xff);
            }
            return Double.longBitsToDouble(bits);
        }
        long encoded = 0;
        int shift = 0;
        byte b;
        do {
            b = data[at++];
            encoded |= (long) (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        long zigzag = encoded >>> 1;
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    private int skipScore(int at) {
        if (data[at] == DOUBLE_MARKER) {
            return at + 1 + Long.BYTES;
        }
        while (data[at] < 0) {
            at++;
        }
        return at + 1;
    }

    /** The first entry whose score is in range, or null. */
    PackedEntry firstInRange(ScoreRange range) {
        if (range.isEmpty()) {
            return null;
        }
        int offset = 0;
        for (int i = 0; i < size; i++) {
            double score = score(offset);
            if (range.aboveMin(score)) {
                return range.belowMax(score) ? entry(i, offset, null) : null;
            }
            offset = next(offset);
        }
        return null;
    }

    /** The last entry whose score is in range, or null. */
    PackedEntry lastInRange(ScoreRange range) {
        if (range.isEmpty()) {
            return null;
        }
        int lastIndex = -1;
        int lastOffset = 0;
        int offset = 0;
        for (int i = 0; i < size; i++) {
            double score = score(offset);
            if (!range.belowMax(score)) {
                break;
            }
            lastIndex = i;
            lastOffset = offset;
            offset = next(offset);
        }
        return lastIndex >= 0 && range.aboveMin(score(lastOffset)) ? entry(lastIndex, lastOffset, null) : null;
    }

    /** Adds a member that is not present at its place in (score, member) order. */
    void insert(byte[] member, double score) {
        int offset = 0;
        for (int i = 0; i < size; i++) {
            double current = score(offset);
            if (current > score || (current == score && compareMember(offset, member) > 0)) {
                break;
            }
            offset = next(offset);
        }
        put(offset, member, score);
    }

    /** Adds a member after every other; the caller knows it sorts last. */
    void append(byte[] member, double score) {
        put(used, member, score);
    }

    private void put(int offset, byte[] member, double score) {
        int length = PackedStrings.entrySize(member.length) + scoreSize(score);
        data = PackedStrings.withRoom(data, used + length);
        System.arraycopy(data, offset, data, offset + length, used - offset);
        putScore(PackedStrings.put(data, offset, member), score);
        used += length;
        size++;
    }

    boolean remove(byte[] member) {
        PackedEntry entry = find(member);
        if (entry == null) {
            return false;
        }
        int end = next(entry.offset);
        data = PackedStrings.remove(data, used, entry.offset, end);
        used -= end - entry.offset;
        size--;
        return true;
    }

    private int compareMember(int offset, byte[] member) {
        int from = PackedStrings.dataOffset(data, offset);
        return Arrays.compareUnsigned(data, from, from + PackedStrings.length(data, offset), member, 0, member.length);
    }

    private static boolean packsAsInteger(double score) {
        return score == (long) score && Math.abs(score) <= LARGEST_PACKED_INTEGER;
    }

    private static long encodedInteger(double score) {
        long value = (long) score;
        return ((value << 1) ^ (value >> 63)) << 1;
    }

    private static int scoreSize(double score) {
        if (!packsAsInteger(score)) {
            return 1 + Long.BYTES;
        }
        long encoded = encodedInteger(score);
        int size = 1;
        while ((encoded >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    private void putScore(int at, double score) {
        if (!packsAsInteger(score)) {
            data[at] = DOUBLE_MARKER;
            long bits = Double.doubleToRawLongBits(score);
            for (int i = Long.BYTES; i >= 1; i--) {
                data[at + i] = (byte) bits;
                bits >>>= 8;
            }
            return;
        }
        long encoded = encodedInteger(score);
        while ((encoded & ~0x7fL) != 0) {
            data[at++] = (byte) (encoded | 0x80);
            encoded >>>= 7;
        }
        data[at] = (byte) encoded;
    }
}
