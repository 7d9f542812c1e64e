package dev.keyslot.datanode.keyspace.stream;

import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.ValueType;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream laid out as Redis lays it out: listpack nodes keyed by their master ID (a sorted map standing
 * in for the radix tree, so a range finds its first node in O(log n)), each node starting with a master
 * entry whose fields later entries may share, plus the stream's counters and its consumer groups.
 */
public final class StreamValue implements RedisValue {
    /** {@link #lag} of a group whose lag cannot be computed; real lags may be negative after XSETID. */
    public static final long UNKNOWN_LAG = Long.MIN_VALUE;
    static final int FLAG_DELETED = 1;
    static final int FLAG_SAME_FIELDS = 2;
    /** Redis never lets a node grow past this whatever stream-node-max-bytes says. */
    static final long LISTPACK_MAX_SIZE = 1L << 30;
    private static final long BASE_BYTES = 128;
    private static final long NODE_OVERHEAD = 48;

    final TreeMap<StreamId, ListpackNode> nodes = new TreeMap<>();
    private final TreeMap<byte[], ConsumerGroup> groups = new TreeMap<>(Arrays::compareUnsigned);
    private long length;
    private StreamId lastId = StreamId.MIN;
    private StreamId firstId = StreamId.MIN;
    private StreamId maxDeletedId = StreamId.MIN;
    private long entriesAdded;
    private long nodeBytes;

    @Override
    public ValueType type() {
        return ValueType.STREAM;
    }

    @Override
    public String encoding() {
        return "stream";
    }

    @Override
    public long memoryUsage() {
        long bytes = BASE_BYTES + nodeBytes;
        for (ConsumerGroup g : groups.values()) {
            bytes += g.memoryUsage();
        }
        return bytes;
    }

    @Override
    public StreamValue copy() {
        StreamValue s = new StreamValue();
        for (Map.Entry<StreamId, ListpackNode> e : nodes.entrySet()) {
            s.putNode(e.getKey(), e.getValue().copy());
        }
        s.length = length;
        s.lastId = lastId;
        s.firstId = firstId;
        s.maxDeletedId = maxDeletedId;
        s.entriesAdded = entriesAdded;
        for (Map.Entry<byte[], ConsumerGroup> e : groups.entrySet()) {
            s.groups.put(e.getKey(), e.getValue().copy());
        }
        return s;
    }

    public long length() {
        return length;
    }

    public StreamId lastId() {
        return lastId;
    }

    public StreamId firstId() {
        return firstId;
    }

    public StreamId maxDeletedId() {
        return maxDeletedId;
    }

    public long entriesAdded() {
        return entriesAdded;
    }

    public int nodeCount() {
        return nodes.size();
    }

    /** The nodes by master ID, for the RDB codec. */
    public Map<StreamId, ListpackNode> nodes() {
        return nodes;
    }

    /** Restores the counters Redis keeps beside the nodes (RDB load, XSETID). */
    public void setMetadata(long length, StreamId lastId, StreamId firstId, StreamId maxDeletedId, long entriesAdded) {
        this.length = length;
        this.lastId = lastId;
        this.firstId = firstId;
        this.maxDeletedId = maxDeletedId;
        this.entriesAdded = entriesAdded;
    }

    public void setLastId(StreamId id) {
        lastId = id;
    }

    public void setEntriesAdded(long n) {
        entriesAdded = n;
    }

    public void setMaxDeletedId(StreamId id) {
        maxDeletedId = id;
    }

    /** Adds a node as loaded from RDB; false when its master ID is taken. */
    public boolean putLoadedNode(StreamId master, ListpackNode node) {
        if (nodes.containsKey(master)) {
            return false;
        }
        putNode(master, node);
        return true;
    }

    private void putNode(StreamId master, ListpackNode node) {
        nodes.put(master, node);
        nodeBytes += node.capacity() + NODE_OVERHEAD;
    }

    private void removeNode(StreamId master) {
        ListpackNode node = nodes.remove(master);
        nodeBytes -= node.capacity() + NODE_OVERHEAD;
    }

    // ---- consumer groups

    public TreeMap<byte[], ConsumerGroup> groups() {
        return groups;
    }

    public ConsumerGroup group(byte[] name) {
        return groups.get(name);
    }

    /** Creates the group, or returns null when the name is taken. */
    public ConsumerGroup createGroup(byte[] name, StreamId lastDelivered, long entriesRead) {
        if (groups.containsKey(name)) {
            return null;
        }
        ConsumerGroup g = new ConsumerGroup(lastDelivered, entriesRead);
        groups.put(name.clone(), g);
        return g;
    }

    public void destroyGroup(byte[] name) {
        groups.remove(name);
    }

    // ---- appending

    /**
     * The ID XADD would add: generated from the clock when useId is null, else useId with its sequence
     * generated when seqGiven is false. Null when it is not above the last ID (or the sequence would wrap).
     */
    public StreamId nextId(StreamId useId, boolean seqGiven, long nowMs) {
        StreamId id;
        if (useId == null) {
            if (Long.compareUnsigned(nowMs, lastId.ms()) > 0) {
                id = new StreamId(nowMs, 0);
            } else {
                id = lastId.next();
                if (id == null) {
                    id = StreamId.MIN;
                }
            }
        } else if (seqGiven) {
            id = useId;
        } else if (lastId.ms() == useId.ms()) {
            if (lastId.seq() == -1L) {
                return null;
            }
            id = new StreamId(useId.ms(), lastId.seq() + 1);
        } else {
            id = useId;
        }
        return id.compareTo(lastId) <= 0 ? null : id;
    }

    /** Whether the field/value pairs fit a listpack at all (Redis's ERANGE case). */
    public static boolean fits(byte[][] argv, int fieldPos, int numFields) {
        long total = 0;
        for (int i = 0; i < numFields * 2; i++) {
            total += argv[fieldPos + i].length;
        }
        return total <= LISTPACK_MAX_SIZE;
    }

    /** Appends an entry with id (already checked by {@link #nextId}), following streamAppendItem. */
    public void append(StreamId id, byte[][] argv, int fieldPos, int numFields, long nodeMaxBytes, long nodeMaxEntries) {
        long totalLength = 0;
        for (int i = 0; i < numFields * 2; i++) {
            totalLength += argv[fieldPos + i].length;
        }
        Map.Entry<StreamId, ListpackNode> tail = nodes.lastEntry();
        ListpackNode lp = tail == null ? null : tail.getValue();
        if (lp != null) {
            long maxBytes = nodeMaxBytes == 0 || nodeMaxBytes > LISTPACK_MAX_SIZE ? LISTPACK_MAX_SIZE : nodeMaxBytes;
            boolean full = lp.bytes() + totalLength >= maxBytes;
            if (!full && nodeMaxEntries != 0) {
                int p = lp.first();
                full = lp.integer(p) + lp.integer(lp.next(p)) >= nodeMaxEntries;
            }
            if (full) {
                // The node is closed: its spare room would only be copied by every young collection until tenured.
                nodeBytes -= lp.capacity();
                lp.shrinkToFit();
                nodeBytes += lp.capacity();
                lp = null;
            }
        }
        int flags = 0;
        StreamId master;
        long before;
        if (lp == null) {
            master = id;
            lp = new ListpackNode();
            lp.appendInteger(1);
            lp.appendInteger(0);
            lp.appendInteger(numFields);
            for (int i = 0; i < numFields; i++) {
                lp.append(argv[fieldPos + 2 * i]);
            }
            lp.appendInteger(0);
            putNode(master, lp);
            before = lp.capacity();
            flags |= FLAG_SAME_FIELDS;
        } else {
            master = tail.getKey();
            before = lp.capacity();
            int p = lp.first();
            lp.replaceInteger(p, lp.integer(p) + 1);
            p = lp.next(lp.next(p));
            long masterFields = lp.integer(p);
            p = lp.next(p);
            if (numFields == masterFields) {
                int i = 0;
                while (i < masterFields && lp.elementEquals(p, argv[fieldPos + 2 * i])) {
                    p = lp.next(p);
                    i++;
                }
                if (i == masterFields) {
                    flags |= FLAG_SAME_FIELDS;
                }
            }
        }
        boolean same = (flags & FLAG_SAME_FIELDS) != 0;
        lp.appendInteger(flags);
        lp.appendInteger(id.ms() - master.ms());
        lp.appendInteger(id.seq() - master.seq());
        if (!same) {
            lp.appendInteger(numFields);
        }
        for (int i = 0; i < numFields; i++) {
            if (!same) {
                lp.append(argv[fieldPos + 2 * i]);
            }
            lp.append(argv[fieldPos + 2 * i + 1]);
        }
        long lpCount = numFields + 3L + (same ? 0 : numFields + 1L);
        lp.appendInteger(lpCount);
        nodeBytes += lp.capacity() - before;
        length++;
        entriesAdded++;
        lastId = id;
        if (length == 1) {
            firstId = id;
        }
    }

    // ---- reading

    public StreamIterator iterator(StreamId start, StreamId end, boolean reverse) {
        return new StreamIterator(this, start, end, reverse);
    }

    /** The ID of the last live entry, null when empty. */
    public StreamId lastLiveId() {
        StreamIterator it = iterator(StreamId.MIN, StreamId.MAX, true);
        return it.next() ? it.id() : null;
    }

    public boolean entryExists(StreamId id) {
        return iterator(id, id, false).next();
    }

    /** Removes a live entry; false when there is none with that ID. */
    public boolean delete(StreamId id) {
        Map.Entry<StreamId, ListpackNode> node = nodes.floorEntry(id);
        if (node == null) {
            return false;
        }
        NodeEntries entries = new NodeEntries(node.getKey(), node.getValue());
        while (entries.next()) {
            if (entries.id().equals(id)) {
                if (entries.deleted()) {
                    return false;
                }
                markDeleted(node.getKey(), node.getValue(), entries);
                length--;
                return true;
            }
        }
        return false;
    }

    /** Flags the entry deleted and updates the master counts, dropping the node when it was its last. */
    private void markDeleted(StreamId master, ListpackNode lp, NodeEntries entry) {
        lp.replaceInteger(entry.flagsAt(), entry.flags() | FLAG_DELETED);
        int p = lp.first();
        long live = lp.integer(p);
        if (live == 1) {
            removeNode(master);
            return;
        }
        long before = lp.capacity();
        lp.replaceInteger(p, live - 1);
        p = lp.next(p);
        lp.replaceInteger(p, lp.integer(p) + 1);
        nodeBytes += lp.capacity() - before;
    }

    /** After deletions: records the first live ID (0-0 when empty), as Redis does. */
    public void refreshFirstId() {
        if (length == 0) {
            firstId = StreamId.MIN;
        } else {
            StreamIterator it = iterator(StreamId.MIN, StreamId.MAX, false);
            firstId = it.next() ? it.id() : StreamId.MAX;
        }
    }

    /** XDEL's bookkeeping of the largest deleted ID. */
    public void noteDeleted(StreamId id) {
        if (id.compareTo(maxDeletedId) > 0) {
            maxDeletedId = id;
        }
    }

    // ---- trimming

    /**
     * Redis's streamTrim: drops whole nodes from the head while allowed, then (unless approximate) marks
     * entries deleted inside the next node. maxLen -1 means trimming by minId. Returns entries removed.
     */
    public long trim(long maxLen, StreamId minId, boolean approx, long limit) {
        boolean byLength = maxLen >= 0;
        long deleted = 0;
        Map.Entry<StreamId, ListpackNode> node = nodes.firstEntry();
        while (node != null) {
            if (byLength && length <= maxLen) {
                break;
            }
            StreamId master = node.getKey();
            ListpackNode lp = node.getValue();
            long entries = lp.integer(lp.first());
            if (limit != 0 && deleted + entries > limit) {
                break;
            }
            boolean removeNode;
            if (byLength) {
                removeNode = length - entries >= maxLen;
            } else {
                removeNode = lastIdOf(master, lp).compareTo(minId) < 0;
            }
            if (removeNode) {
                removeNode(master);
                length -= entries;
                deleted += entries;
                node = nodes.ceilingEntry(master);
                continue;
            }
            if (approx) {
                break;
            }
            deleted += trimInside(master, lp, entries, byLength, maxLen, minId);
            break;
        }
        if (length == 0) {
            firstId = StreamId.MIN;
        } else if (deleted != 0) {
            refreshFirstId();
        }
        return deleted;
    }

    private long trimInside(StreamId master, ListpackNode lp, long entries, boolean byLength, long maxLen,
                            StreamId minId) {
        long before = lp.capacity();
        long removed = 0;
        NodeEntries it = new NodeEntries(master, lp);
        while (it.next()) {
            boolean stop = byLength ? length <= maxLen : it.id().compareTo(minId) >= 0;
            if (stop) {
                break;
            }
            if (!it.deleted()) {
                lp.replaceInteger(it.flagsAt(), it.flags() | FLAG_DELETED);
                removed++;
                length--;
            }
        }
        int p = lp.first();
        lp.replaceInteger(p, entries - removed);
        p = lp.next(p);
        lp.replaceInteger(p, lp.integer(p) + removed);
        nodeBytes += lp.capacity() - before;
        return removed;
    }

    private static StreamId lastIdOf(StreamId master, ListpackNode lp) {
        int p = lp.last();
        long lpCount = lp.integer(p);
        if (lpCount == 0) {
            return StreamId.MIN;
        }
        for (long i = 0; i < lpCount; i++) {
            p = lp.previous(p);
        }
        p = lp.next(p);
        long ms = master.ms() + lp.integer(p);
        long seq = master.seq() + lp.integer(lp.next(p));
        return new StreamId(ms, seq);
    }

    // ---- consumer group lag (Redis 7.0's entries-read tracking)

    /** Whether a deleted entry may lie in [start, end] (end null meaning the top). */
    public boolean rangeHasTombstones(StreamId start, StreamId end) {
        if (length == 0 || maxDeletedId.isZero()) {
            return false;
        }
        if (firstId.compareTo(maxDeletedId) > 0) {
            return false;
        }
        StreamId from = start == null ? StreamId.MIN : start;
        StreamId to = end == null ? StreamId.MAX : end;
        return from.compareTo(maxDeletedId) <= 0 && maxDeletedId.compareTo(to) <= 0;
    }

    /** The logical read counter of id, or -1 when it cannot be known. */
    public long estimateDistanceFromFirstEverEntry(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (length == 0 && id.compareTo(lastId) < 1) {
            return entriesAdded;
        }
        int cmpLast = id.compareTo(lastId);
        if (cmpLast == 0) {
            return entriesAdded;
        } else if (cmpLast > 0) {
            return ConsumerGroup.INVALID_ENTRIES_READ;
        }
        int cmpFirst = id.compareTo(firstId);
        if (maxDeletedId.isZero() || maxDeletedId.compareTo(firstId) < 0) {
            if (cmpFirst < 0) {
                return entriesAdded - length;
            } else if (cmpFirst == 0) {
                return entriesAdded - length + 1;
            }
        }
        return ConsumerGroup.INVALID_ENTRIES_READ;
    }

    /** The group's lag, or {@link #UNKNOWN_LAG} when it cannot be computed (reported as null). */
    public long lag(ConsumerGroup g) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (g.entriesRead != ConsumerGroup.INVALID_ENTRIES_READ && !rangeHasTombstones(g.lastId, null)) {
            return entriesAdded - g.entriesRead;
        }
        long read = estimateDistanceFromFirstEverEntry(g.lastId);
        return read == ConsumerGroup.INVALID_ENTRIES_READ ? UNKNOWN_LAG : entriesAdded - read;
    }

    /** Moves the group's last delivered ID to a newly delivered id, keeping its read counter. */
    public void advanceGroup(ConsumerGroup g, StreamId id) {
        if (id.compareTo(g.lastId) <= 0) {
            return;
        }
        if (g.entriesRead != ConsumerGroup.INVALID_ENTRIES_READ && !rangeHasTombstones(id, null)) {
            g.entriesRead++;
        } else if (entriesAdded != 0) {
            g.entriesRead = estimateDistanceFromFirstEverEntry(id);
        }
        g.lastId = id;
    }

    /** Radix tree nodes Redis would use to hold the node keys (XINFO's radix-tree-nodes). */
    public long radixTreeNodes() {
        return radixTreeNodes(nodes.keySet());
    }

    /** Radix tree nodes Redis would use to hold these IDs (ascending) as keys: the stream's nodes, or a PEL. */
    public static long radixTreeNodes(Collection<StreamId> ids) {
        byte[][] keys = new byte[ids.size()][];
        int i = 0;
        for (StreamId id : ids) {
            keys[i] = new byte[16];
            id.encode(keys[i++], 0);
        }
        return RaxShape.nodeCount(keys);
    }
}
