package dev.keyslot.datanode.keyspace.list;

import dev.keyslot.datanode.keyspace.Elements;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.ValueType;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A Redis list: a growable circular array of elements, so pushes and pops at both ends are O(1) and
 * indexing is O(1). Redis 7.0 reports every list as "quicklist" whatever its size.
 */
public final class ListValue implements RedisValue, Elements {
    private static final int MIN_CAPACITY = 8;
    /** Rough per-element overhead: the array slot plus the byte[] header. */
    private static final long ELEMENT_OVERHEAD = 8 + 16;

    private byte[][] items;
    private int head;
    private int size;
    private long elementBytes;

    public ListValue() {
        items = new byte[MIN_CAPACITY][];
    }

    private ListValue(ListValue other) {
        items = new byte[Math.max(MIN_CAPACITY, other.size)][];
        for (int i = 0; i < other.size; i++) {
            items[i] = other.get(i);
        }
        size = other.size;
        elementBytes = other.elementBytes;
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    @Override
    public String encoding() {
        return "quicklist";
    }

    @Override
    public long memoryUsage() {
        return 48 + 16 + items.length * 8L + size * ELEMENT_OVERHEAD + elementBytes;
    }

    @Override
    public ListValue copy() {
        return new ListValue(this);
    }

    public int size() {
        return size;
    }

    @Override
    public void forEachElement(Consumer<byte[]> action) {
        for (int i = 0; i < size; i++) {
            action.accept(get(i));
        }
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private int slot(int index) {
        int s = head + index;
        return s >= items.length ? s - items.length : s;
    }

    public byte[] get(int index) {
        return items[slot(index)];
    }

    public void set(int index, byte[] value) {
        int s = slot(index);
        elementBytes += value.length - items[s].length;
        items[s] = value;
    }

    public void addFirst(byte[] value) {
        ensureCapacity(size + 1);
        head = head == 0 ? items.length - 1 : head - 1;
        items[head] = value;
        size++;
        elementBytes += value.length;
    }

    public void addLast(byte[] value) {
        ensureCapacity(size + 1);
        items[slot(size)] = value;
        size++;
        elementBytes += value.length;
    }

    public void add(boolean head, byte[] value) {
        if (head) {
            addFirst(value);
        } else {
            addLast(value);
        }
    }

    public byte[] removeFirst() {
        byte[] v = items[head];
        items[head] = null;
        head = slot(1);
        size--;
        elementBytes -= v.length;
        shrinkIfSparse();
        return v;
    }

    public byte[] removeLast() {
        int s = slot(size - 1);
        byte[] v = items[s];
        items[s] = null;
        size--;
        elementBytes -= v.length;
        shrinkIfSparse();
        return v;
    }

    public byte[] remove(boolean head) {
        return head ? removeFirst() : removeLast();
    }

    /** Inserts before index (index == size appends); shifts the shorter side. */
    public void insert(int index, byte[] value) {
        if (index == 0) {
            addFirst(value);
            return;
        }
        if (index == size) {
            addLast(value);
            return;
        }
        ensureCapacity(size + 1);
        if (index < size / 2) {
            head = head == 0 ? items.length - 1 : head - 1;
            for (int i = 0; i < index; i++) {
                items[slot(i)] = items[slot(i + 1)];
            }
        } else {
            for (int i = size; i > index; i--) {
                items[slot(i)] = items[slot(i - 1)];
            }
        }
        items[slot(index)] = value;
        size++;
        elementBytes += value.length;
    }

    /** Removes count elements from the head side. */
    public void removeFirst(int count) {
        for (int i = 0; i < count; i++) {
            removeFirst();
        }
    }

    /** Removes count elements from the tail side. */
    public void removeLast(int count) {
        for (int i = 0; i < count; i++) {
            removeLast();
        }
    }

    /**
     * Removes elements equal to value scanning from the head (count > 0), from the tail (count < 0), or
     * all (count == 0), at most |count| of them; returns how many were removed. One compacting pass.
     */
    public int removeMatching(byte[] value, long count) {
        long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        boolean fromTail = count < 0;
        boolean[] drop = new boolean[size];
        int removed = 0;
        for (int k = 0; k < size && removed < limit; k++) {
            int i = fromTail ? size - 1 - k : k;
            if (Arrays.equals(get(i), value)) {
                drop[i] = true;
                removed++;
            }
        }
        if (removed == 0) {
            return 0;
        }
        int write = 0;
        for (int read = 0; read < size; read++) {
            byte[] v = get(read);
            if (drop[read]) {
                elementBytes -= v.length;
            } else {
                items[slot(write++)] = v;
            }
        }
        for (int i = write; i < size; i++) {
            items[slot(i)] = null;
        }
        size = write;
        shrinkIfSparse();
        return removed;
    }

    private void ensureCapacity(int needed) {
        if (needed <= items.length) {
            return;
        }
        resize(Math.max(needed, items.length * 2));
    }

    private void shrinkIfSparse() {
        if (items.length > MIN_CAPACITY && size < items.length / 4) {
            resize(Math.max(MIN_CAPACITY, items.length / 2));
        }
    }

    private void resize(int capacity) {
        byte[][] fresh = new byte[capacity][];
        for (int i = 0; i < size; i++) {
            fresh[i] = get(i);
        }
        items = fresh;
        head = 0;
    }
}
