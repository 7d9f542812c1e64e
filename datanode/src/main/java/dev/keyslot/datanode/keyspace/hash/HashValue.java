package dev.keyslot.datanode.keyspace.hash;

import dev.keyslot.datanode.keyspace.Dict;
import dev.keyslot.datanode.keyspace.PackedStrings;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.ValueType;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A hash value. Small hashes are kept like Redis's listpack: field and value byte strings packed alternately
 * into one array ({@link PackedStrings}) in insertion order, searched linearly. Once the hash has more than
 * hash-max-listpack-entries fields, or a field or value longer than hash-max-listpack-value bytes is written,
 * it becomes a {@link Dict} ("hashtable") for good.
 *
 * <p>A hashtable's value arrays belong to the hash alone (stored as copies, never shared by {@link #copy}), so a
 * value overwritten by one of the same length is rewritten in place. Readers get the arrays themselves and must
 * not keep them beyond the command.
 */
public final class HashValue implements RedisValue {

    /** Receives field/value pairs in the hash's iteration order. */
    @FunctionalInterface
    public interface PairVisitor {
        void visit(byte[] field, byte[] value);
    }

    private static final int OBJECT_OVERHEAD = 16;
    private static final int LISTPACK_HEADER = 7;
    /** Per listpack element: encoding byte and backlen byte. */
    private static final int LISTPACK_ENTRY_OVERHEAD = 2;
    private static final int DICT_OVERHEAD = 56;
    /** dictEntry plus two sds headers. */
    private static final int DICT_ENTRY_OVERHEAD = 24 + 2 * 4;
    private static final byte[] EMPTY = new byte[0];

    /** Listpack form: field0, value0, field1, value1... packed; null once converted to a hashtable. */
    private byte[] packed;
    private int packedLength;
    private int pairs;
    private Dict<Dict.Entry> table;
    /** Total length of all fields and values, so memoryUsage() is O(1). */
    private long payloadBytes;

    public HashValue() {
        packed = EMPTY;
    }

    @Override
    public ValueType type() {
        return ValueType.HASH;
    }

    @Override
    public String encoding() {
        return packed != null ? "listpack" : "hashtable";
    }

    public boolean isListpack() {
        return packed != null;
    }

    /** The hashtable encoding's table; null in a listpack. */
    public Dict<Dict.Entry> hashTable() {
        return table;
    }

    public int size() {
        return packed != null ? pairs : table.size();
    }

    @Override
    public long memoryUsage() {
        if (packed != null) {
            return OBJECT_OVERHEAD + LISTPACK_HEADER + payloadBytes + (long) pairs * 2 * LISTPACK_ENTRY_OVERHEAD;
        }
        return OBJECT_OVERHEAD + DICT_OVERHEAD + table.buckets() * 8 + payloadBytes
                + (long) table.size() * DICT_ENTRY_OVERHEAD;
    }

    public byte[] get(byte[] field) {
        if (packed != null) {
            int at = offsetOf(field);
            return at < 0 ? null : PackedStrings.get(packed, PackedStrings.next(packed, at));
        }
        Dict.Entry e = table.get(field);
        return e == null ? null : (byte[]) e.value;
    }

    public boolean contains(byte[] field) {
        return packed != null ? offsetOf(field) >= 0 : table.get(field) != null;
    }

    /**
     * Sets field to value, converting to a hashtable first when either is longer than maxListpackValue and
     * afterwards when the field count exceeds maxListpackEntries. Returns true when the field is new.
     */
    public boolean set(byte[] field, byte[] value, long maxListpackEntries, long maxListpackValue) {
        if (packed != null && (field.length > maxListpackValue || value.length > maxListpackValue)) {
            convertToTable();
        }
        if (packed != null) {
            int at = offsetOf(field);
            if (at >= 0) {
                int valueAt = PackedStrings.next(packed, at);
                int valueEnd = PackedStrings.next(packed, valueAt);
                payloadBytes += value.length - PackedStrings.length(packed, valueAt);
                packed = PackedStrings.replace(packed, packedLength, valueAt, valueEnd, value);
                packedLength += PackedStrings.entrySize(value.length) - (valueEnd - valueAt);
                return false;
            }
            packed = PackedStrings.withRoom(packed,
                    packedLength + PackedStrings.entrySize(field.length) + PackedStrings.entrySize(value.length));
            packedLength = PackedStrings.put(packed, PackedStrings.put(packed, packedLength, field), value);
            pairs++;
            payloadBytes += field.length + value.length;
            if (pairs > maxListpackEntries) {
                convertToTable();
            }
            return true;
        }
        Dict.Entry e = table.get(field);
        if (e != null) {
            byte[] current = (byte[]) e.value;
            if (current.length == value.length) {
                // In place: storing a new array would hand an old entry a young object, which every young
                // collection then copies and whose entry's card it scans (bench/RESULTS.md, 2026-11-29).
                System.arraycopy(value, 0, current, 0, value.length);
                return false;
            }
            payloadBytes += value.length - current.length;
            e.value = value.clone();
            return false;
        }
        table.add(new Dict.Entry(field, value.clone()));
        payloadBytes += field.length + value.length;
        return true;
    }

    /** Removes field; true when it was present. */
    public boolean delete(byte[] field) {
        if (packed != null) {
            int at = offsetOf(field);
            if (at < 0) {
                return false;
            }
            int valueAt = PackedStrings.next(packed, at);
            int end = PackedStrings.next(packed, valueAt);
            payloadBytes -= field.length + PackedStrings.length(packed, valueAt);
            packed = PackedStrings.remove(packed, packedLength, at, end);
            packedLength -= end - at;
            pairs--;
            return true;
        }
        Dict.Entry e = table.remove(field);
        if (e == null) {
            return false;
        }
        payloadBytes -= e.key.length + ((byte[]) e.value).length;
        return true;
    }

    /** Bucket slots of the hashtable, both tables while it rehashes (Redis's dictSlots); only valid when not a listpack. */
    public long buckets() {
        return table.buckets();
    }

    /** Visits every pair: insertion order for a listpack, table order for a hashtable. */
    public void forEach(PairVisitor visitor) {
        if (packed != null) {
            for (int at = 0; at < packedLength; ) {
                int valueAt = PackedStrings.next(packed, at);
                visitor.visit(PackedStrings.get(packed, at), PackedStrings.get(packed, valueAt));
                at = PackedStrings.next(packed, valueAt);
            }
        } else {
            table.forEach(e -> visitor.visit(e.key, (byte[]) e.value));
        }
    }

    /** One step of a hashtable's reverse-binary scan; only valid when not a listpack. */
    public long scan(long cursor, PairVisitor visitor) {
        return table.scan(cursor, e -> visitor.visit(e.key, (byte[]) e.value));
    }

    /** Passes one uniformly chosen pair to the visitor; the hash must not be empty. */
    public void randomPair(PairVisitor visitor) {
        if (packed != null) {
            int at = 0;
            for (int skip = ThreadLocalRandom.current().nextInt(pairs) * 2; skip > 0; skip--) {
                at = PackedStrings.next(packed, at);
            }
            visitor.visit(PackedStrings.get(packed, at), PackedStrings.get(packed, PackedStrings.next(packed, at)));
        } else {
            Dict.Entry e = table.fairRandomEntry();
            visitor.visit(e.key, (byte[]) e.value);
        }
    }

    @Override
    public HashValue copy() {
        HashValue c = new HashValue();
        c.payloadBytes = payloadBytes;
        if (packed != null) {
            c.packed = packed.clone();
            c.packedLength = packedLength;
            c.pairs = pairs;
        } else {
            c.packed = null;
            c.table = new Dict<>();
            table.forEach(e -> c.table.add(new Dict.Entry(e.key, ((byte[]) e.value).clone())));
        }
        return c;
    }

    /** Switches a listpack to a hashtable, as Redis does when a restored hash has too many fields. */
    public void convertToHashtable() {
        if (packed != null) {
            convertToTable();
        }
    }

    /** The offset of field's entry, or -1. */
    private int offsetOf(byte[] field) {
        for (int at = 0; at < packedLength; at = PackedStrings.next(packed, PackedStrings.next(packed, at))) {
            if (PackedStrings.equals(packed, at, field)) {
                return at;
            }
        }
        return -1;
    }

    private void convertToTable() {
        Dict<Dict.Entry> t = new Dict<>();
        t.presize(pairs);
        forEach((field, value) -> t.add(new Dict.Entry(field, value)));
        table = t;
        packed = null;
        packedLength = 0;
        pairs = 0;
    }
}
