package dev.keyslot.datanode.keyspace.stream;

/**
 * How many nodes Redis's radix tree needs for a set of equal-length keys: the root, every state with
 * more than one child, every child of such a state, and every leaf; runs of single-child states are
 * folded into one compressed node.
 */
final class RaxShape {
    private RaxShape() {
    }

    /** keys must be sorted and distinct, all of the same length. */
    static long nodeCount(byte[][] keys) {
        if (keys.length == 0) {
            return 1;
        }
        return count(keys, 0, keys.length, 0, true);
    }

    private static long count(byte[][] keys, int lo, int hi, int depth, boolean startsNode) {
        if (depth == keys[lo].length) {
            return 1;
        }
        int children = 0;
        for (int i = lo; i < hi; ) {
            int j = i + 1;
            while (j < hi && keys[j][depth] == keys[i][depth]) {
                j++;
            }
            children++;
            i = j;
        }
        boolean branching = children > 1;
        long n = startsNode || branching ? 1 : 0;
        for (int i = lo; i < hi; ) {
            int j = i + 1;
            while (j < hi && keys[j][depth] == keys[i][depth]) {
                j++;
            }
            n += count(keys, i, j, depth + 1, branching);
            i = j;
        }
        return n;
    }
}
