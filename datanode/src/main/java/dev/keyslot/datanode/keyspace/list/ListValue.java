package dev.keyslot.datanode.keyspace.list;

import dev.keyslot.datanode.keyspace.Elements;
import dev.keyslot.datanode.keyspace.PackedStrings;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.ValueType;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A Redis list: a sequence of small chunks, each a run of elements packed into one array
 * ({@link PackedStrings}), much as Redis 7.0's quicklist is a linked list of listpacks. A pushed element costs
 * its bytes and a length byte or two instead of an array object of its own, and a young collection promotes a
 * chunk per few dozen pushes instead of an object per push. Pushes and pops at both ends touch only the end
 * chunk; indexing walks the chunks, and a cursor kept at the last position found makes a walk through
 * consecutive indexes (LRANGE, LPOS, LINSERT) cost one step each. Redis 7.0 reports every list as "quicklist".
 */
public final class ListValue implements RedisValue, Elements {
    /** Receives elements in place, as a range of a chunk's array: nothing is copied. */
    @FunctionalInterface
    public interface ElementVisitor {
        void visit(byte[] array, int offset, int length);
    }

    /** A chunk takes more elements while it has fewer than this many and... */
    private static final int CHUNK_ENTRIES = 32;
    /** ...fewer bytes than this; a larger element gets a chunk of its own. */
    private static final int CHUNK_BYTES = 1024;
    private static final int MIN_CHUNK_SLOTS = 4;
    /** A chunk object and its array's header. */
    private static final long CHUNK_OVERHEAD = 24 + 16;

    /** A run of consecutive elements. */
    private static final class Chunk {
        byte[] data;
        int used;
        int count;

        Chunk(byte[] data, int used, int count) {
            this.data = data;
            this.used = used;
            this.count = count;
        }

        boolean fits(byte[] value) {
            return count == 0 || (count < CHUNK_ENTRIES && used + PackedStrings.entrySize(value.length) <= CHUNK_BYTES);
        }

        void insert(int offset, byte[] value) {
            data = PackedStrings.replace(data, used, offset, offset, value);
            used += PackedStrings.entrySize(value.length);
            count++;
        }

        /** Removes the entry at offset and returns its string. */
        byte[] removeAt(int offset) {
            byte[] value = PackedStrings.get(data, offset);
            int end = PackedStrings.next(data, offset);
            data = PackedStrings.remove(data, used, offset, end);
            used -= end - offset;
            count--;
            return value;
        }

        int offsetOfLast() {
            int offset = 0;
            for (int i = 1; i < count; i++) {
                offset = PackedStrings.next(data, offset);
            }
            return offset;
        }
    }

    /** The chunks in order, in slots [firstChunk, endChunk), with free slots on both sides for pushes. */
    private Chunk[] chunks;
    private int firstChunk;
    private int endChunk;
    private int size;
    private long elementBytes;

    /** The last position found: chunk slot, list index of its first element, and index/offset of an element. */
    private int cursorSlot = -1;
    private int cursorChunkStart;
    private int cursorIndex;
    private int cursorOffset;

    public ListValue() {
        clear();
    }

    private ListValue(ListValue other) {
        chunks = new Chunk[Math.max(MIN_CHUNK_SLOTS, other.chunkCount() + 2)];
        firstChunk = endChunk = 1;
        for (int slot = other.firstChunk; slot < other.endChunk; slot++) {
            Chunk c = other.chunks[slot];
            chunks[endChunk++] = new Chunk(Arrays.copyOf(c.data, c.used), c.used, c.count);
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

    /** O(1), as every write measures its entry: the chunks' spare capacity is left out. */
    @Override
    public long memoryUsage() {
        return 64 + chunks.length * 4L + chunkCount() * CHUNK_OVERHEAD + elementBytes + size * 2L;
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
        for (int slot = firstChunk; slot < endChunk; slot++) {
            Chunk c = chunks[slot];
            for (int offset = 0; offset < c.used; offset = PackedStrings.next(c.data, offset)) {
                action.accept(PackedStrings.get(c.data, offset));
            }
        }
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private int chunkCount() {
        return endChunk - firstChunk;
    }

    /** Points the cursor at index, walking from the cursor when it is before index, else from the nearer end. */
    private void locate(int index) {
        int slot;
        int chunkStart;
        if (cursorSlot >= 0 && index >= cursorChunkStart && index - cursorChunkStart < size - index) {
            slot = cursorSlot;
            chunkStart = cursorChunkStart;
        } else if (index < size / 2) {
            slot = firstChunk;
            chunkStart = 0;
        } else {
            slot = endChunk - 1;
            chunkStart = size - chunks[slot].count;
            while (index < chunkStart) {
                slot--;
                chunkStart -= chunks[slot].count;
            }
        }
        while (index >= chunkStart + chunks[slot].count) {
            chunkStart += chunks[slot].count;
            slot++;
        }
        int at = chunkStart;
        int offset = 0;
        if (slot == cursorSlot && index >= cursorIndex) {
            at = cursorIndex;
            offset = cursorOffset;
        }
        byte[] data = chunks[slot].data;
        for (; at < index; at++) {
            offset = PackedStrings.next(data, offset);
        }
        cursorSlot = slot;
        cursorChunkStart = chunkStart;
        cursorIndex = index;
        cursorOffset = offset;
    }

    private void forgetCursor() {
        cursorSlot = -1;
    }

    public byte[] get(int index) {
        locate(index);
        return PackedStrings.get(chunks[cursorSlot].data, cursorOffset);
    }

    /** Visits the elements from index first to index last, both included and within the list, in order. */
    public void forEachInRange(int first, int last, ElementVisitor visitor) {
        locate(first);
        int slot = cursorSlot;
        int offset = cursorOffset;
        for (int remaining = last - first + 1; remaining > 0; remaining--) {
            byte[] data = chunks[slot].data;
            int length = PackedStrings.length(data, offset);
            int start = PackedStrings.dataOffset(data, offset);
            visitor.visit(data, start, length);
            offset = start + length;
            if (offset == chunks[slot].used) {
                slot++;
                offset = 0;
            }
        }
    }

    public void set(int index, byte[] value) {
        locate(index);
        Chunk c = chunks[cursorSlot];
        int end = PackedStrings.next(c.data, cursorOffset);
        elementBytes += value.length - PackedStrings.length(c.data, cursorOffset);
        c.data = PackedStrings.replace(c.data, c.used, cursorOffset, end, value);
        c.used += PackedStrings.entrySize(value.length) - (end - cursorOffset);
    }

    public void addFirst(byte[] value) {
        if (size == 0 || !chunks[firstChunk].fits(value)) {
            insertChunk(0, newChunk(value));
        }
        chunks[firstChunk].insert(0, value);
        added(value);
    }

    public void addLast(byte[] value) {
        if (size == 0 || !chunks[endChunk - 1].fits(value)) {
            insertChunk(chunkCount(), newChunk(value));
        }
        Chunk c = chunks[endChunk - 1];
        c.insert(c.used, value);
        added(value);
    }

    public void add(boolean head, byte[] value) {
        if (head) {
            addFirst(value);
        } else {
            addLast(value);
        }
    }

    public byte[] removeFirst() {
        byte[] value = chunks[firstChunk].removeAt(0);
        removed(firstChunk, value);
        return value;
    }

    public byte[] removeLast() {
        Chunk c = chunks[endChunk - 1];
        byte[] value = c.removeAt(c.offsetOfLast());
        removed(endChunk - 1, value);
        return value;
    }

    public byte[] remove(boolean head) {
        return head ? removeFirst() : removeLast();
    }

    /**
     * Inserts before index (index == size appends). When the element's chunk is full, the chunk is split where
     * the element goes and the element joins the first part if it has room, else a chunk of its own between.
     */
    public void insert(int index, byte[] value) {
        if (index == 0) {
            addFirst(value);
            return;
        }
        if (index == size) {
            addLast(value);
            return;
        }
        locate(index);
        Chunk chunk = chunks[cursorSlot];
        if (chunk.fits(value)) {
            chunk.insert(cursorOffset, value);
        } else {
            int position = cursorSlot - firstChunk;
            if (cursorOffset > 0) {
                splitAt(cursorSlot, cursorIndex - cursorChunkStart, cursorOffset);
                position++;
            }
            Chunk before = position > 0 ? chunks[firstChunk + position - 1] : null;
            if (before != null && before.fits(value)) {
                before.insert(before.used, value);
            } else {
                Chunk own = newChunk(value);
                insertChunk(position, own);
                own.insert(0, value);
            }
        }
        added(value);
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
     * all (count == 0), at most |count| of them; returns how many were removed. Elements are compared in place;
     * the survivors are copied into fresh chunks only when something is removed.
     */
    public int removeMatching(byte[] value, long count) {
        boolean[] drop = new boolean[size];
        int found = 0;
        int index = 0;
        for (int slot = firstChunk; slot < endChunk; slot++) {
            Chunk c = chunks[slot];
            for (int offset = 0; offset < c.used; offset = PackedStrings.next(c.data, offset), index++) {
                if (PackedStrings.equals(c.data, offset, value)) {
                    drop[index] = true;
                    found++;
                }
            }
        }
        // Redis negates a negative count, and -2^63 stays negative, which its removed counter never reaches: every
        // match goes, as with 0.
        long limit = count == 0 || count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count);
        int removed = (int) Math.min(found, limit);
        // Matches beyond the limit stay: those nearest the tail when removing from the head, and the other way round.
        for (int k = 0, beyondLimit = found - removed; beyondLimit > 0; k++) {
            int i = count < 0 ? k : size - 1 - k;
            if (drop[i]) {
                drop[i] = false;
                beyondLimit--;
            }
        }
        if (removed == 0) {
            return 0;
        }
        Chunk[] old = chunks;
        int oldFirst = firstChunk;
        int oldEnd = endChunk;
        clear();
        index = 0;
        for (int slot = oldFirst; slot < oldEnd; slot++) {
            Chunk c = old[slot];
            for (int offset = 0; offset < c.used; offset = PackedStrings.next(c.data, offset), index++) {
                if (!drop[index]) {
                    addLast(PackedStrings.get(c.data, offset));
                }
            }
        }
        return removed;
    }

    /** Empties the list: no chunk, a few free slots on both sides. */
    private void clear() {
        chunks = new Chunk[MIN_CHUNK_SLOTS];
        firstChunk = endChunk = MIN_CHUNK_SLOTS / 2;
        size = 0;
        elementBytes = 0;
        forgetCursor();
    }

    private static Chunk newChunk(byte[] first) {
        return new Chunk(new byte[PackedStrings.grownCapacity(PackedStrings.entrySize(first.length))], 0, 0);
    }

    private void added(byte[] value) {
        size++;
        elementBytes += value.length;
        forgetCursor();
    }

    private void removed(int slot, byte[] value) {
        size--;
        elementBytes -= value.length;
        if (chunks[slot].count == 0) {
            if (slot == firstChunk) {
                chunks[firstChunk++] = null;
            } else {
                chunks[--endChunk] = null;
            }
            if (size == 0 || chunks.length > 4 * MIN_CHUNK_SLOTS && chunkCount() < chunks.length / 4) {
                resizeChunks(Math.max(MIN_CHUNK_SLOTS, chunkCount() * 2));
            }
        }
        forgetCursor();
    }

    /** Splits the chunk at slot after its first keep elements, which end at offset (both non-zero). */
    private void splitAt(int slot, int keep, int offset) {
        Chunk c = chunks[slot];
        Chunk tail = new Chunk(Arrays.copyOfRange(c.data, offset, c.used), c.used - offset, c.count - keep);
        c.data = Arrays.copyOf(c.data, PackedStrings.grownCapacity(offset));
        c.used = offset;
        c.count = keep;
        insertChunk(slot - firstChunk + 1, tail);
    }

    /** Inserts a chunk at position (0 = first) among the chunks. */
    private void insertChunk(int position, Chunk chunk) {
        if (position == 0) {
            if (firstChunk == 0) {
                resizeChunks(chunkCount() * 2 + 2);
            }
            chunks[--firstChunk] = chunk;
        } else {
            if (endChunk == chunks.length) {
                resizeChunks(chunkCount() * 2 + 2);
            }
            int slot = firstChunk + position;
            System.arraycopy(chunks, slot, chunks, slot + 1, endChunk - slot);
            chunks[slot] = chunk;
            endChunk++;
        }
        forgetCursor();
    }

    /** Moves the chunks to a new array of the given length, centred, so both ends have free slots. */
    private void resizeChunks(int length) {
        Chunk[] fresh = new Chunk[length];
        int count = chunkCount();
        int start = (length - count) / 2;
        System.arraycopy(chunks, firstChunk, fresh, start, count);
        chunks = fresh;
        firstChunk = start;
        endChunk = start + count;
        forgetCursor();
    }
}
