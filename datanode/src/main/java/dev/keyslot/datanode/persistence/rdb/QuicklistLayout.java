package dev.keyslot.datanode.persistence.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a list into quicklist nodes the way Redis's quicklist does when elements are appended at the tail:
 * a node takes another element while its estimated size stays within list-max-listpack-size (negative:
 * a byte budget of 4, 8, 16, 32 or 64 KB; positive: an element count under an 8 KB safety cap), and an
 * element of 1 GB or more (or the threshold DEBUG QUICKLIST-PACKED-THRESHOLD set) gets a plain node of its own.
 */
public final class QuicklistLayout {
    /** One node: a listpack blob, or a plain node's single element. */
    public record Node(boolean plain, byte[] blob) {
    }

    private static final long[] SIZE_LEVELS = {4096, 8192, 16384, 32768, 65536};
    private static final long SIZE_SAFETY_LIMIT = 8192;
    /** Redis's allowance for an element's encoding and backlen bytes when estimating the node's growth. */
    private static final long ENTRY_OVERHEAD_ESTIMATE = 8;
    private static final long DEFAULT_PLAIN_THRESHOLD = 1L << 30;
    /** Redis refuses thresholds from here on: a plain node's length must stay below 4 GB. */
    private static final long MAX_PLAIN_THRESHOLD = (1L << 32) - (1 << 20);
    /** Process-wide, as Redis's packed_threshold is (DEBUG QUICKLIST-PACKED-THRESHOLD). */
    private static volatile long plainThreshold = DEFAULT_PLAIN_THRESHOLD;

    private final long fill;
    private final int keptNodes;
    private final List<Node> nodes = new ArrayList<>();
    private int nodeCount;
    private Listpack current;

    /** @param fill list-max-listpack-size */
    public QuicklistLayout(long fill) {
        this(fill, Integer.MAX_VALUE);
    }

    /** Only the first keptNodes nodes are kept; the others are counted. */
    public QuicklistLayout(long fill, int keptNodes) {
        this.fill = fill;
        this.keptNodes = keptNodes;
    }

    /** Elements of at least bytes get a plain node of their own; 0 restores the default. False when too big. */
    public static boolean setPlainThreshold(long bytes) {
        if (bytes < 0 || bytes > MAX_PLAIN_THRESHOLD) {
            return false;
        }
        plainThreshold = bytes == 0 ? DEFAULT_PLAIN_THRESHOLD : bytes;
        return true;
    }

    public void append(byte[] element) {
        if (element.length >= plainThreshold) {
            flush();
            add(true, element);
            return;
        }
        if (current != null && !fits(element.length)) {
            flush();
        }
        if (current == null) {
            current = new Listpack();
        }
        current.append(element);
    }

    private boolean fits(long elementLength) {
        long grown = current.bytes() + elementLength + ENTRY_OVERHEAD_ESTIMATE;
        if (fill < 0) {
            return grown <= SIZE_LEVELS[(int) Math.min(-fill - 1, SIZE_LEVELS.length - 1)];
        }
        return grown <= SIZE_SAFETY_LIMIT && current.count() < fill;
    }

    private void flush() {
        if (current != null) {
            add(false, nodes.size() < keptNodes ? current.toByteArray() : null);
            current = null;
        }
    }

    private void add(boolean plain, byte[] blob) {
        if (nodes.size() < keptNodes) {
            nodes.add(new Node(plain, blob));
        }
        nodeCount++;
    }

    /** How many nodes the list makes, once {@link #finish()} has closed the last. */
    public int nodeCount() {
        return nodeCount;
    }

    /** Closes the last node; returns the nodes kept. */
    public List<Node> finish() {
        flush();
        return nodes;
    }
}
