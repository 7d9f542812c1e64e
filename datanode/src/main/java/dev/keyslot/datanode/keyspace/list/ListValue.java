package dev.keyslot.datanode.keyspace.list;

import dev.keyslot.datanode.keyspace.Elements;
import dev.keyslot.datanode.keyspace.PackedStrings;
import dev.keyslot.datanode.keyspace.RedisValue;
import dev.keyslot.datanode.keyspace.ValueType;

import java.util.List;
import java.util.function.Consumer;

/**
 * A Redis list, cut into the very nodes Redis 7.0's quicklist has after the same history: each node a run of
 * elements packed into one array ({@link ListEntries}) that knows the byte size of the listpack Redis keeps
 * for it, or a plain node holding one element at least DEBUG QUICKLIST-PACKED-THRESHOLD long. Pushes, LINSERT
 * (filling a neighbour, or splitting a full node and merging what fits) and LSET follow Redis's node decisions
 * under the list's own list-max-listpack-size, fixed when the list was made; removals shrink nodes and drop
 * empty ones. So DUMP and the RDB file write the nodes as they are, byte for byte as Redis does. A pushed
 * element costs its bytes and its length twice (a byte each when short) instead of an array object of its own.
 * Indexing walks the nodes, then inside one from its nearer end; a cursor kept at the last position found makes
 * a walk through consecutive indexes either way (LRANGE, LPOS) cost one step each. Redis 7.0 reports every list
 * as "quicklist".
 */
public final class ListValue implements RedisValue, Elements {
    /** Receives elements in place, as a range of a node's array: nothing is copied. */
    @FunctionalInterface
    public interface ElementVisitor {
        void visit(byte[] array, int offset, int length);
    }

    /** What a list made without a configuration (SORT ... STORE) gets, as Redis's quicklistCreate gives. */
    private static final int DEFAULT_FILL = -2;
    private static final int MIN_NODE_SLOTS = 4;
    /** A node object and its array's header. */
    private static final long NODE_OVERHEAD = 32 + 16;

    /** Both fit 16 bits, as in Redis's quicklist header: a list's object stays 8 bytes smaller. */
    private final short fill;
    private final char compressDepth;
    /** The nodes in order, in slots [firstNode, endNode), with free slots on both sides for pushes. */
    private ListNode[] nodes;
    private int firstNode;
    private int endNode;
    private int size;
    private long elementBytes;

    /** The last position found: node slot, list index of its first element, and index/offset of an element. */
    private int cursorSlot = -1;
    private int cursorNodeStart;
    private int cursorIndex;
    private int cursorOffset;

    public ListValue() {
        this(DEFAULT_FILL, 0);
    }

    /** A list whose nodes follow these list-max-listpack-size and list-compress-depth settings for good. */
    public ListValue(long fill, long compressDepth) {
        this.fill = ListNodeRules.clampFill(fill);
        this.compressDepth = ListNodeRules.clampCompressDepth(compressDepth);
        clear();
    }

    private ListValue(ListValue other) {
        fill = other.fill;
        compressDepth = other.compressDepth;
        nodes = new ListNode[Math.max(MIN_NODE_SLOTS, other.nodeCount() + 2)];
        firstNode = endNode = 1;
        for (int slot = other.firstNode; slot < other.endNode; slot++) {
            nodes[endNode++] = other.nodes[slot].copy();
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

    /** O(1), as every write measures its entry: the nodes' spare capacity is left out. */
    @Override
    public long memoryUsage() {
        return 64 + nodes.length * 4L + nodeCount() * NODE_OVERHEAD + elementBytes + size * 2L;
    }

    @Override
    public ListValue copy() {
        return new ListValue(this);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** list-max-listpack-size as this list keeps it. */
    public int fill() {
        return fill;
    }

    /** list-compress-depth as this list keeps it. */
    public int compressDepth() {
        return compressDepth;
    }

    @Override
    public void forEachElement(Consumer<byte[]> action) {
        for (int slot = firstNode; slot < endNode; slot++) {
            ListNode n = nodes[slot];
            for (int offset = 0; offset < n.used; offset = ListEntries.next(n.data, offset)) {
                action.accept(ListEntries.get(n.data, offset));
            }
        }
    }

    public int nodeCount() {
        return endNode - firstNode;
    }

    public boolean isPlainNode(int node) {
        return node(node).plain;
    }

    public int nodeElements(int node) {
        return node(node).count;
    }

    /** A packed node's listpack size in bytes, or a plain node's element length. */
    public int nodeBytes(int node) {
        return node(node).bytes;
    }

    /** Visits a node's elements in order, in place. */
    public void forEachInNode(int node, ElementVisitor visitor) {
        ListNode n = node(node);
        for (int offset = 0; offset < n.used; ) {
            int length = ListEntries.length(n.data, offset);
            int start = ListEntries.dataOffset(n.data, offset);
            visitor.visit(n.data, start, length);
            offset = ListEntries.end(start, length);
        }
    }

    /** Appends a loaded listpack node as it was (RDB load, RESTORE); an empty one is skipped, as Redis does. */
    public void appendListpackNode(List<byte[]> elements, int listpackBytes) {
        if (elements.isEmpty()) {
            return;
        }
        insertNode(nodeCount(), ListNode.packedOf(elements, listpackBytes));
        for (byte[] e : elements) {
            elementBytes += e.length;
        }
        size += elements.size();
    }

    /** Appends a loaded plain node as it was, however short its element. */
    public void appendPlainNode(byte[] element) {
        insertNode(nodeCount(), ListNode.plainOf(element));
        added(element);
    }

    private ListNode node(int position) {
        return nodes[firstNode + position];
    }

    /**
     * Points the cursor at index: finds its node walking from the cursor's when that is before index, else from
     * the nearer end of the list, then walks inside the node from the cursor or the node's nearer end.
     */
    private void locate(int index) {
        int slot;
        int nodeStart;
        if (cursorSlot >= 0 && index >= cursorNodeStart && index - cursorNodeStart < size - index) {
            slot = cursorSlot;
            nodeStart = cursorNodeStart;
        } else if (index < size / 2) {
            slot = firstNode;
            nodeStart = 0;
        } else {
            slot = endNode - 1;
            nodeStart = size - nodes[slot].count;
            while (index < nodeStart) {
                slot--;
                nodeStart -= nodes[slot].count;
            }
        }
        while (index >= nodeStart + nodes[slot].count) {
            nodeStart += nodes[slot].count;
            slot++;
        }
        ListNode node = nodes[slot];
        int k = index - nodeStart;
        int offset;
        if (slot == cursorSlot && index >= cursorIndex && index - cursorIndex <= node.count - k) {
            offset = cursorOffset;
            for (int at = cursorIndex; at < index; at++) {
                offset = ListEntries.next(node.data, offset);
            }
        } else if (slot == cursorSlot && index < cursorIndex && cursorIndex - index <= k) {
            offset = cursorOffset;
            for (int at = cursorIndex; at > index; at--) {
                offset = ListEntries.previous(node.data, offset);
            }
        } else {
            offset = node.offsetOf(k);
        }
        cursorSlot = slot;
        cursorNodeStart = nodeStart;
        cursorIndex = index;
        cursorOffset = offset;
    }

    private void forgetCursor() {
        cursorSlot = -1;
    }

    public byte[] get(int index) {
        locate(index);
        return ListEntries.get(nodes[cursorSlot].data, cursorOffset);
    }

    /** Visits the elements from index first to index last, both included and within the list, in order. */
    public void forEachInRange(int first, int last, ElementVisitor visitor) {
        locate(first);
        int slot = cursorSlot;
        int offset = cursorOffset;
        for (int remaining = last - first + 1; remaining > 0; remaining--) {
            byte[] data = nodes[slot].data;
            int length = ListEntries.length(data, offset);
            int start = ListEntries.dataOffset(data, offset);
            visitor.visit(data, start, length);
            offset = ListEntries.end(start, length);
            if (offset == nodes[slot].used) {
                slot++;
                offset = 0;
            }
        }
    }

    /**
     * LSET: in place, unless the element and its node differ in being large and plain; then the element goes in
     * after the old one as LINSERT would put it, and the old one goes.
     */
    public void set(int index, byte[] value) {
        locate(index);
        ListNode node = nodes[cursorSlot];
        int position = cursorSlot - firstNode;
        int offset = cursorOffset;
        int old = ListEntries.length(node.data, offset);
        elementBytes += value.length - old;
        if (node.plain == ListNodeRules.isLarge(value.length)) {
            node.replace(offset, value);
            return;
        }
        insertNextTo(position, cursorIndex - cursorNodeStart, offset, true, value);
        if (node.count == 1) {
            deleteNode(position);
        } else {
            node.removeAt(ListEntries.previous(node.data, node.used));
        }
        forgetCursor();
    }

    public void addFirst(byte[] value) {
        if (ListNodeRules.isLarge(value.length)) {
            insertNode(0, ListNode.plainOf(value));
        } else {
            if (size == 0 || !nodes[firstNode].allowsInsert(fill, value.length)) {
                insertNode(0, ListNode.packedFor(value));
            }
            nodes[firstNode].insert(0, value);
        }
        added(value);
    }

    public void addLast(byte[] value) {
        if (ListNodeRules.isLarge(value.length)) {
            insertNode(nodeCount(), ListNode.plainOf(value));
        } else {
            if (size == 0 || !nodes[endNode - 1].allowsInsert(fill, value.length)) {
                insertNode(nodeCount(), ListNode.packedFor(value));
            }
            ListNode n = nodes[endNode - 1];
            n.insert(n.used, value);
        }
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
        byte[] value = nodes[firstNode].removeAt(0);
        removed(0, value);
        return value;
    }

    public byte[] removeLast() {
        ListNode n = nodes[endNode - 1];
        byte[] value = n.removeAt(ListEntries.previous(n.data, n.used));
        removed(nodeCount() - 1, value);
        return value;
    }

    public byte[] remove(boolean head) {
        return head ? removeFirst() : removeLast();
    }

    /** LINSERT: inserts value after (or before) the element at index pivot. */
    public void insert(int pivot, boolean after, byte[] value) {
        locate(pivot);
        insertNextTo(cursorSlot - firstNode, cursorIndex - cursorNodeStart, cursorOffset, after, value);
        added(value);
    }

    /**
     * Redis's _quicklistInsert next to the k-th element (at offset) of the node at position: into that node
     * while it takes the element; at a full node's end into the neighbour there when that one takes it, else
     * into a new node; inside a full node by splitting it, the element joining the part on its side, then
     * merging the nodes around as far as the fill allows. A large element gets a plain node, the full node
     * split around it when it falls inside.
     */
    private void insertNextTo(int position, int k, int offset, boolean after, byte[] value) {
        ListNode node = node(position);
        int length = value.length;
        boolean atTail = after && k == node.count - 1;
        boolean atHead = !after && k == 0;
        int splitKeep = after ? k + 1 : k;
        int splitOffset = after ? ListEntries.next(node.data, offset) : offset;
        if (ListNodeRules.isLarge(length)) {
            if (node.plain || atTail || atHead) {
                insertNode(after ? position + 1 : position, ListNode.plainOf(value));
            } else {
                ListNode rest = node.splitOff(splitKeep, splitOffset);
                insertNode(position + 1, ListNode.plainOf(value));
                insertNode(position + 2, rest);
            }
            return;
        }
        if (node.allowsInsert(fill, length)) {
            node.insert(after ? ListEntries.next(node.data, offset) : offset, value);
        } else if (atTail && position + 1 < nodeCount() && node(position + 1).allowsInsert(fill, length)) {
            node(position + 1).insert(0, value);
        } else if (atHead && position > 0 && node(position - 1).allowsInsert(fill, length)) {
            ListNode before = node(position - 1);
            before.insert(before.used, value);
        } else if (atTail || atHead) {
            ListNode own = ListNode.packedFor(value);
            own.insert(0, value);
            insertNode(after ? position + 1 : position, own);
        } else {
            ListNode rest = node.splitOff(splitKeep, splitOffset);
            if (after) {
                rest.insert(0, value);
            } else {
                node.insert(node.used, value);
            }
            insertNode(position + 1, rest);
            // The merges centre on the part holding the pivot.
            mergeAround(after ? position : position + 1);
        }
        forgetCursor();
    }

    /** Redis's _quicklistMergeNodes: the two nodes before centre, the two after, then centre with each side. */
    private void mergeAround(int centre) {
        if (centre >= 2 && node(centre - 1).allowsMerge(node(centre - 2), fill)) {
            merge(centre - 2);
            centre--;
        }
        if (centre + 2 < nodeCount() && node(centre + 1).allowsMerge(node(centre + 2), fill)) {
            merge(centre + 1);
        }
        int target = centre;
        if (centre >= 1 && node(centre).allowsMerge(node(centre - 1), fill)) {
            merge(centre - 1);
            target = centre - 1;
        }
        if (target + 1 < nodeCount() && node(target).allowsMerge(node(target + 1), fill)) {
            merge(target);
        }
    }

    /** The node at position takes in the next one's elements. */
    private void merge(int position) {
        node(position).absorb(node(position + 1));
        deleteNode(position + 1);
    }

    /** Removes count elements from the head side, whole nodes at a time where it can. */
    public void removeFirst(int count) {
        while (count > 0) {
            ListNode n = nodes[firstNode];
            int taken = Math.min(count, n.count);
            if (taken == n.count) {
                elementBytes -= n.stringBytes();
                deleteNode(0);
            } else {
                elementBytes -= n.removeEntries(0, n.offsetOf(taken), taken);
            }
            size -= taken;
            count -= taken;
        }
        forgetCursor();
    }

    /** Removes count elements from the tail side, whole nodes at a time where it can. */
    public void removeLast(int count) {
        while (count > 0) {
            ListNode n = nodes[endNode - 1];
            int taken = Math.min(count, n.count);
            if (taken == n.count) {
                elementBytes -= n.stringBytes();
                deleteNode(nodeCount() - 1);
            } else {
                elementBytes -= n.removeEntries(n.offsetOf(n.count - taken), n.used, taken);
            }
            size -= taken;
            count -= taken;
        }
        forgetCursor();
    }

    /**
     * Removes elements equal to value scanning from the head (count > 0), from the tail (count < 0), or
     * all (count == 0), at most |count| of them; returns how many were removed. Elements are compared in place,
     * and each node loses its matches where they are, empty nodes going, as Redis deletes them one by one.
     */
    public int removeMatching(byte[] value, long count) {
        boolean[] drop = new boolean[size];
        int found = 0;
        int index = 0;
        for (int slot = firstNode; slot < endNode; slot++) {
            ListNode n = nodes[slot];
            for (int offset = 0; offset < n.used; offset = ListEntries.next(n.data, offset), index++) {
                if (ListEntries.equals(n.data, offset, value)) {
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
        index = 0;
        for (int position = 0; position < nodeCount(); ) {
            ListNode n = node(position);
            int first = index;
            index += n.count;
            elementBytes -= n.removeFlagged(drop, first);
            if (n.count == 0) {
                deleteNode(position);
            } else {
                position++;
            }
        }
        size -= removed;
        forgetCursor();
        return removed;
    }

    /** Empties the list: no node, a few free slots on both sides. */
    private void clear() {
        nodes = new ListNode[MIN_NODE_SLOTS];
        firstNode = endNode = MIN_NODE_SLOTS / 2;
        size = 0;
        elementBytes = 0;
        forgetCursor();
    }

    private void added(byte[] value) {
        size++;
        elementBytes += value.length;
        forgetCursor();
    }

    /** After the removal of value from the node at position: drops the node if that emptied it. */
    private void removed(int position, byte[] value) {
        size--;
        elementBytes -= value.length;
        if (node(position).count == 0) {
            deleteNode(position);
        }
        forgetCursor();
    }

    /** Inserts a node at position (0 = first) among the nodes. */
    private void insertNode(int position, ListNode node) {
        if (position == 0) {
            if (firstNode == 0) {
                resizeNodes(nodeCount() * 2 + 2);
            }
            nodes[--firstNode] = node;
        } else {
            if (endNode == nodes.length) {
                resizeNodes(nodeCount() * 2 + 2);
            }
            int slot = firstNode + position;
            System.arraycopy(nodes, slot, nodes, slot + 1, endNode - slot);
            nodes[slot] = node;
            endNode++;
        }
        forgetCursor();
    }

    /** Removes the node at position, shrinking the slot array when mostly empty. */
    private void deleteNode(int position) {
        if (position == 0) {
            nodes[firstNode++] = null;
        } else {
            int slot = firstNode + position;
            System.arraycopy(nodes, slot + 1, nodes, slot, endNode - slot - 1);
            nodes[--endNode] = null;
        }
        if (nodeCount() == 0) {
            firstNode = endNode = nodes.length / 2;
        }
        if (nodes.length > 4 * MIN_NODE_SLOTS && nodeCount() < nodes.length / 4) {
            resizeNodes(Math.max(MIN_NODE_SLOTS, nodeCount() * 2));
        }
        forgetCursor();
    }

    /** Moves the nodes to a new array of the given length, centred, so both ends have free slots. */
    private void resizeNodes(int length) {
        ListNode[] fresh = new ListNode[length];
        int count = nodeCount();
        int start = (length - count) / 2;
        System.arraycopy(nodes, firstNode, fresh, start, count);
        nodes = fresh;
        firstNode = start;
        endNode = start + count;
        forgetCursor();
    }
}
