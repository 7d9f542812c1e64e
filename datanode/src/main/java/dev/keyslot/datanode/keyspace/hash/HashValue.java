package dev.keyslot.datanode.keyspace.hash;

import dev.keyslot.datanode.keyspace.Dict;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.ValueType;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A hash value. Small hashes are kept like Redis's listpack: a flat array of field/value pairs in insertion
 * order, searched linearly. Once the hash has more than hash-max-listpack-entries fields, or a field or value
 * longer than hash-max-listpack-value bytes is written, it becomes a {@link Dict} ("hashtable") for good.
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

    /** Listpack form: field0, value0, field1, value1...; null once converted to a hashtable. */
    private byte[][] flat;
    private int pairs;
    private Dict<Dict.Entry> table;
    /** Total length of all fields and values, so memoryUsage() is O(1). */
    private long payloadBytes;

    public HashValue() {
        flat = new byte[8][];
    }

    @Override
    public ValueType type() {
        return ValueType.HASH;
    }

    @Override
    public String encoding() {
        return flat != null ? "listpack" : "hashtable";
    }

    public boolean isListpack() {
        return flat != null;
    }

    public int size() {
        return flat != null ? pairs : table.size();
    }

    @Override
    public long memoryUsage() {
        if (flat != null) {
            return OBJECT_OVERHEAD + LISTPACK_HEADER + payloadBytes + (long) pairs * 2 * LISTPACK_ENTRY_OVERHEAD;
        }
        return OBJECT_OVERHEAD + DICT_OVERHEAD + table.buckets() * 8 + payloadBytes
                + (long) table.size() * DICT_ENTRY_OVERHEAD;
    }

    public byte[] get(byte[] field) {
        if (flat != null) {
            int i = indexOf(field);
            return i < 0 ? null : flat[i + 1];
        }
        Dict.Entry e = table.get(field);
        return e == null ? null : (byte[]) e.value;
    }

    public boolean contains(byte[] field) {
        return get(field) != null;
    }

    /**
     * Sets field to value, converting to a hashtable first when either is longer than maxListpackValue and
     * afterwards when the field count exceeds maxListpackEntries. Returns true when the field is new.
     */
    public boolean set(byte[] field, byte[] value, long maxListpackEntries, long maxListpackValue) {
        if (flat != null && (field.length > maxListpackValue || value.length > maxListpackValue)) {
            convertToTable();
        }
        if (flat != null) {
            int i = indexOf(field);
            if (i >= 0) {
                payloadBytes += value.length - flat[i + 1].length;
                flat[i + 1] = value;
                return false;
            }
            if (pairs * 2 == flat.length) {
                flat = Arrays.copyOf(flat, flat.length * 2);
            }
            flat[pairs * 2] = field;
            flat[pairs * 2 + 1] = value;
            pairs++;
            payloadBytes += field.length + value.length;
            if (pairs > maxListpackEntries) {
                convertToTable();
            }
            return true;
        }
        Dict.Entry e = table.get(field);
        if (e != null) {
            payloadBytes += value.length - ((byte[]) e.value).length;
            e.value = value;
            return false;
        }
        table.add(new Dict.Entry(field, value));
        payloadBytes += field.length + value.length;
        return true;
    }

    /** Removes field; true when it was present. */
    public boolean delete(byte[] field) {
        if (flat != null) {
            int i = indexOf(field);
            if (i < 0) {
                return false;
            }
            payloadBytes -= flat[i].length + flat[i + 1].length;
            int end = pairs * 2;
            System.arraycopy(flat, i + 2, flat, i, end - i - 2);
            flat[end - 2] = null;
            flat[end - 1] = null;
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

    /** Visits every pair: insertion order for a listpack, table order for a hashtable. */
    public void forEach(PairVisitor visitor) {
        if (flat != null) {
            for (int i = 0; i < pairs * 2; i += 2) {
                visitor.visit(flat[i], flat[i + 1]);
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
        if (flat != null) {
            int i = ThreadLocalRandom.current().nextInt(pairs) * 2;
            visitor.visit(flat[i], flat[i + 1]);
        } else {
            Dict.Entry e = table.randomEntry();
            visitor.visit(e.key, (byte[]) e.value);
        }
    }

    @Override
    public HashValue copy() {
        HashValue c = new HashValue();
        c.payloadBytes = payloadBytes;
        if (flat != null) {
            c.flat = flat.clone();
            c.pairs = pairs;
        } else {
            c.flat = null;
            c.table = new Dict<>();
            table.forEach(e -> c.table.add(new Dict.Entry(e.key, e.value)));
        }
        return c;
    }

    /** Switches a listpack to a hashtable, as Redis does when a restored hash has too many fields. */
    public void convertToHashtable() {
        if (flat != null) {
            convertToTable();
        }
    }

    private int indexOf(byte[] field) {
        for (int i = 0; i < pairs * 2; i += 2) {
            if (Arrays.equals(flat[i], field)) {
                return i;
            }
        }
        return -1;
    }

    private void convertToTable() {
        Dict<Dict.Entry> t = new Dict<>();
        for (int i = 0; i < pairs * 2; i += 2) {
            t.add(new Dict.Entry(flat[i], flat[i + 1]));
        }
        table = t;
        flat = null;
        pairs = 0;
    }
}
