package dev.keyslot.datanode.keyspace.list;

import dev.keyslot.datanode.keyspace.PackedStrings;

import java.util.Arrays;
import java.util.List;

/**
 * One quicklist node of a list: a run of consecutive elements packed into one array ({@link ListEntries}),
 * with the byte size the node's listpack has in Redis (the figure Redis's insert and merge decisions read),
 * or a plain node holding one element too large to pack.
 */
final class ListNode {
    byte[] data;
    int used;
    int count;
    /** The listpack's total bytes, or a plain node's element length. */
    int bytes;
    final boolean plain;

    private ListNode(byte[] data, int used, int count, int bytes, boolean plain) {
        this.data = data;
        this.used = used;
        this.count = count;
        this.bytes = bytes;
        this.plain = plain;
    }

    /** An empty packed node with room for first. */
    static ListNode packedFor(byte[] first) {
        return new ListNode(new byte[PackedStrings.grownCapacity(ListEntries.entrySize(first.length))], 0, 0,
                ListNodeRules.EMPTY_LISTPACK, false);
    }

    static ListNode plainOf(byte[] element) {
        byte[] data = new byte[ListEntries.entrySize(element.length)];
        ListEntries.put(data, 0, element);
        return new ListNode(data, data.length, 1, element.length, true);
    }

    /** A packed node holding elements, whose listpack takes listpackBytes. */
    static ListNode packedOf(List<byte[]> elements, int listpackBytes) {
        int used = 0;
        for (byte[] e : elements) {
            used += ListEntries.entrySize(e.length);
        }
        byte[] data = new byte[used];
        int offset = 0;
        for (byte[] e : elements) {
            offset = ListEntries.put(data, offset, e);
        }
        return new ListNode(data, used, elements.size(), listpackBytes, false);
    }

    ListNode copy() {
        return new ListNode(Arrays.copyOf(data, used), used, count, bytes, plain);
    }

    boolean allowsInsert(int fill, int length) {
        return !plain && ListNodeRules.allowsInsert(bytes, count, fill, length);
    }

    boolean allowsMerge(ListNode other, int fill) {
        return !plain && !other.plain && ListNodeRules.allowsMerge(bytes, count, other.bytes, other.count, fill);
    }

    /** The listpack bytes of the entry at offset. */
    int entryBytesAt(int offset) {
        int start = ListEntries.dataOffset(data, offset);
        return ListNodeRules.entryBytes(data, start, ListEntries.length(data, offset));
    }

    void insert(int offset, byte[] value) {
        data = ListEntries.replace(data, used, offset, offset, value);
        used += ListEntries.entrySize(value.length);
        count++;
        bytes += ListNodeRules.entryBytes(value, 0, value.length);
    }

    /** Replaces the entry at offset in place, whatever the node's size becomes, as LSET does. */
    void replace(int offset, byte[] value) {
        int end = ListEntries.next(data, offset);
        bytes += plain ? value.length - bytes : ListNodeRules.entryBytes(value, 0, value.length) - entryBytesAt(offset);
        data = ListEntries.replace(data, used, offset, end, value);
        used += ListEntries.entrySize(value.length) - (end - offset);
    }

    /** Removes the entry at offset and returns its string. */
    byte[] removeAt(int offset) {
        byte[] value = ListEntries.get(data, offset);
        int end = ListEntries.next(data, offset);
        if (!plain) {
            bytes -= entryBytesAt(offset);
        }
        data = PackedStrings.remove(data, used, offset, end);
        used -= end - offset;
        count--;
        return value;
    }

    /** Removes the n entries in bytes [from, to); returns the length of their strings. */
    long removeEntries(int from, int to, int n) {
        long lengths = 0;
        for (int offset = from; offset < to; offset = ListEntries.next(data, offset)) {
            lengths += ListEntries.length(data, offset);
            if (!plain) {
                bytes -= entryBytesAt(offset);
            }
        }
        data = PackedStrings.remove(data, used, from, to);
        used -= to - from;
        count -= n;
        return lengths;
    }

    /**
     * Removes the entries whose flag in drop is set, the node's first entry being at index first of drop;
     * returns the length of their strings.
     */
    long removeFlagged(boolean[] drop, int first) {
        int kept = 0;
        int removed = 0;
        long lengths = 0;
        for (int offset = 0, i = first; offset < used; i++) {
            int next = ListEntries.next(data, offset);
            if (drop[i]) {
                lengths += ListEntries.length(data, offset);
                if (!plain) {
                    bytes -= entryBytesAt(offset);
                }
                removed++;
            } else {
                System.arraycopy(data, offset, data, kept, next - offset);
                kept += next - offset;
            }
            offset = next;
        }
        data = PackedStrings.remove(data, kept, kept, kept);
        used = kept;
        count -= removed;
        return lengths;
    }

    /** The length of the node's strings together. */
    long stringBytes() {
        long lengths = 0;
        for (int offset = 0; offset < used; offset = ListEntries.next(data, offset)) {
            lengths += ListEntries.length(data, offset);
        }
        return lengths;
    }

    /** The offset of the k-th entry (k == count: the end), walked to from the nearer end. */
    int offsetOf(int k) {
        int offset;
        if (k > count / 2) {
            offset = used;
            for (int i = count; i > k; i--) {
                offset = ListEntries.previous(data, offset);
            }
        } else {
            offset = 0;
            for (int i = 0; i < k; i++) {
                offset = ListEntries.next(data, offset);
            }
        }
        return offset;
    }

    /** Moves the entries from offset on (the first keep stay) into a new node, which is returned. */
    ListNode splitOff(int keep, int offset) {
        ListNode tail = new ListNode(Arrays.copyOfRange(data, offset, used), used - offset, count - keep,
                ListNodeRules.EMPTY_LISTPACK, false);
        for (int at = 0; at < tail.used; at = ListEntries.next(tail.data, at)) {
            tail.bytes += tail.entryBytesAt(at);
        }
        bytes -= tail.bytes - ListNodeRules.EMPTY_LISTPACK;
        data = Arrays.copyOf(data, PackedStrings.grownCapacity(offset));
        used = offset;
        count = keep;
        return tail;
    }

    /** Appends the entries of next, as merging two listpacks does. */
    void absorb(ListNode next) {
        data = PackedStrings.withRoom(data, used + next.used);
        System.arraycopy(next.data, 0, data, used, next.used);
        used += next.used;
        count += next.count;
        bytes += next.bytes - ListNodeRules.EMPTY_LISTPACK;
    }
}
