package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.keyspace.list.ListValue;

import java.util.Arrays;

/**
 * Redis's list-compress-depth: a quicklist holds the nodes more than depth nodes from either end LZF-compressed
 * when that saves more than 8 bytes of a node of at least 48, and saves those to RDB and DUMP compressed whatever
 * rdbcompression says. The data node keeps every node uncompressed and works out, when it saves or reports, which
 * ones Redis holds compressed: those beyond the depth that compress, where Redis's compression settles after
 * each change.
 */
public final class QuicklistCompression {
    private static final int MIN_BYTES = 48;
    private static final int MIN_SAVING = 8;

    private QuicklistCompression() {
    }

    /** Whether the node at this position is beyond the list's compress depth from both ends. */
    public static boolean beyondDepth(ListValue list, int node) {
        int depth = list.compressDepth();
        int nodes = list.nodeCount();
        return depth > 0 && nodes >= 2 * depth && node >= depth && node < nodes - depth;
    }

    /** A node's bytes as Redis holds them uncompressed: its listpack, or a plain node's element. */
    public static byte[] rawNode(ListValue list, int node) {
        if (!list.isPlainNode(node)) {
            return Listpack.ofNode(list, node);
        }
        byte[][] element = new byte[1][];
        list.forEachInNode(node,
                (array, offset, length) -> element[0] = Arrays.copyOfRange(array, offset, offset + length));
        return element[0];
    }

    /** The LZF form Redis holds of a node's raw bytes beyond the depth, or null when it keeps them raw. */
    public static byte[] compressed(byte[] raw) {
        if (raw.length < MIN_BYTES) {
            return null;
        }
        byte[] out = new byte[raw.length];
        int n = Lzf.compress(raw, raw.length, out, raw.length);
        return n == 0 || n + MIN_SAVING >= raw.length ? null : Arrays.copyOf(out, n);
    }
}
