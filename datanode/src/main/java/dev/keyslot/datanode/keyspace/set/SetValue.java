package dev.keyslot.datanode.keyspace.set;

import dev.keyslot.datanode.keyspace.Dict;
import dev.keyslot.datanode.keyspace.Elements;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.util.Numbers;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A set value. Sets whose members are all canonical 64-bit integers are kept like Redis's intset: a sorted
 * array of longs, iterated in ascending order. Adding a non-integer member, or more than
 * set-max-intset-entries members, turns the set into a {@link Dict} ("hashtable") for good. Redis 7.0 has
 * no listpack encoding for sets.
 */
public final class SetValue implements RedisValue, Elements {
    private static final int OBJECT_OVERHEAD = 16;
    private static final int INTSET_HEADER = 8;
    private static final int DICT_OVERHEAD = 56;
    /** dictEntry plus an sds header. */
    private static final int DICT_ENTRY_OVERHEAD = 24 + 4;
    /** Redis caps intsets at 2^30 entries whatever the configuration says. */
    private static final long INTSET_HARD_LIMIT = 1L << 30;
    private static final ThreadLocal<long[]> PARSED = ThreadLocal.withInitial(() -> new long[1]);

    /** Intset form, sorted ascending; null once converted to a hashtable. */
    private long[] ints;
    private int intCount;
    /** Bytes per intset element: 2, 4 or 8; only ever grows, like Redis's intset upgrade. */
    private int intWidth = 2;
    private Dict<Dict.Entry> table;
    /** Total length of hashtable members, so memoryUsage() is O(1). */
    private long payloadBytes;

    private SetValue() {
    }

    /** An empty intset, the starting point of SINTERSTORE/SUNIONSTORE/SDIFFSTORE results. */
    public static SetValue emptyIntset() {
        SetValue s = new SetValue();
        s.ints = new long[4];
        return s;
    }

    /** An intset holding sorted, distinct values at the given element width (2, 4 or 8 bytes). */
    public static SetValue intsetOf(long[] sorted, int width) {
        SetValue s = new SetValue();
        s.ints = Arrays.copyOf(sorted, Math.max(sorted.length, 4));
        s.intCount = sorted.length;
        s.intWidth = width;
        return s;
    }

    /** An empty set able to hold member in the most compact encoding (Redis's setTypeCreate). */
    public static SetValue createFor(byte[] member) {
        if (Numbers.parseLong(member, PARSED.get())) {
            return emptyIntset();
        }
        SetValue s = new SetValue();
        s.table = new Dict<>();
        return s;
    }

    @Override
    public ValueType type() {
        return ValueType.SET;
    }

    @Override
    public String encoding() {
        return ints != null ? "intset" : "hashtable";
    }

    public boolean isIntset() {
        return ints != null;
    }

    /** The hashtable encoding's table; null in an intset. */
    public Dict<Dict.Entry> hashTable() {
        return table;
    }

    public int size() {
        return ints != null ? intCount : table.size();
    }

    @Override
    public long memoryUsage() {
        if (ints != null) {
            return OBJECT_OVERHEAD + INTSET_HEADER + (long) intCount * intWidth;
        }
        return OBJECT_OVERHEAD + DICT_OVERHEAD + table.buckets() * 8 + payloadBytes
                + (long) table.size() * DICT_ENTRY_OVERHEAD;
    }

    /** Adds member; true when it was not already present. */
    public boolean add(byte[] member, long maxIntsetEntries) {
        if (ints != null) {
            long[] parsed = PARSED.get();
            if (!Numbers.parseLong(member, parsed)) {
                convertToTable();
                addToTable(member);
                return true;
            }
            long v = parsed[0];
            int pos = Arrays.binarySearch(ints, 0, intCount, v);
            if (pos >= 0) {
                return false;
            }
            insertInt(-pos - 1, v);
            if (intCount > Math.min(maxIntsetEntries, INTSET_HARD_LIMIT)) {
                convertToTable();
            }
            return true;
        }
        if (table.get(member) != null) {
            return false;
        }
        addToTable(member);
        return true;
    }

    /** Removes member; true when it was present. */
    public boolean remove(byte[] member) {
        if (ints != null) {
            long[] parsed = PARSED.get();
            if (!Numbers.parseLong(member, parsed)) {
                return false;
            }
            int pos = Arrays.binarySearch(ints, 0, intCount, parsed[0]);
            if (pos < 0) {
                return false;
            }
            System.arraycopy(ints, pos + 1, ints, pos, intCount - pos - 1);
            intCount--;
            return true;
        }
        Dict.Entry e = table.remove(member);
        if (e == null) {
            return false;
        }
        payloadBytes -= e.key.length;
        return true;
    }

    public boolean contains(byte[] member) {
        if (ints != null) {
            long[] parsed = PARSED.get();
            return Numbers.parseLong(member, parsed) && Arrays.binarySearch(ints, 0, intCount, parsed[0]) >= 0;
        }
        return table.get(member) != null;
    }

    /** Bytes per element of an intset: only grows, so it can exceed what the current members need. */
    public int intsetWidth() {
        return intWidth;
    }

    /** A copy of an intset's values, ascending. */
    public long[] intsetValues() {
        return Arrays.copyOf(ints, intCount);
    }

    /** Switches an intset to a hashtable, as Redis does when a restored intset has too many members. */
    public void convertToHashtable() {
        if (ints != null) {
            convertToTable();
        }
    }

    /** Visits every member: ascending for an intset, table order for a hashtable. */
    public void forEach(Consumer<byte[]> visitor) {
        if (ints != null) {
            for (int i = 0; i < intCount; i++) {
                visitor.accept(Numbers.toBytes(ints[i]));
            }
        } else {
            table.forEach(e -> visitor.accept(e.key));
        }
    }

    @Override
    public void forEachElement(Consumer<byte[]> action) {
        forEach(action);
    }

    /** Bucket slots of the hashtable, both tables while it rehashes (Redis's dictSlots); only valid when not an intset. */
    public long buckets() {
        return table.buckets();
    }

    /** One step of a hashtable's reverse-binary scan; only valid when not an intset. */
    public long scan(long cursor, Consumer<byte[]> visitor) {
        return table.scan(cursor, e -> visitor.accept(e.key));
    }

    /** A random member; the set must not be empty. */
    public byte[] randomMember() {
        if (ints != null) {
            return Numbers.toBytes(ints[ThreadLocalRandom.current().nextInt(intCount)]);
        }
        return table.fairRandomEntry().key;
    }

    @Override
    public SetValue copy() {
        SetValue c = new SetValue();
        c.intWidth = intWidth;
        c.payloadBytes = payloadBytes;
        if (ints != null) {
            c.ints = Arrays.copyOf(ints, Math.max(intCount, 4));
            c.intCount = intCount;
        } else {
            c.table = new Dict<>();
            table.forEach(e -> c.table.add(new Dict.Entry(e.key, null)));
        }
        return c;
    }

    private void insertInt(int pos, long v) {
        if (intCount == ints.length) {
            ints = Arrays.copyOf(ints, ints.length * 2);
        }
        System.arraycopy(ints, pos, ints, pos + 1, intCount - pos);
        ints[pos] = v;
        intCount++;
        intWidth = Math.max(intWidth, widthOf(v));
    }

    private static int widthOf(long v) {
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return 2;
        }
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 4 : 8;
    }

    private void addToTable(byte[] member) {
        table.add(new Dict.Entry(member, null));
        payloadBytes += member.length;
    }

    private void convertToTable() {
        Dict<Dict.Entry> t = new Dict<>();
        t.presize(intCount);
        for (int i = 0; i < intCount; i++) {
            byte[] member = Numbers.toBytes(ints[i]);
            t.add(new Dict.Entry(member, null));
            payloadBytes += member.length;
        }
        table = t;
        ints = null;
        intCount = 0;
    }
}
