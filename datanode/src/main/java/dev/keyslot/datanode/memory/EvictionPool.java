package dev.keyslot.datanode.memory;

/**
 * The best eviction candidates seen so far, sorted by ascending idle score (Redis's eviction pool). Each
 * sampling round merges its samples in; the victim is taken from the high end. Candidates keep only the
 * key and database so a key deleted meanwhile is simply skipped when it is looked up again.
 */
final class EvictionPool {
    static final int SIZE = 16;

    private final long[] idle = new long[SIZE];
    private final byte[][] keys = new byte[SIZE][];
    private final int[] dbs = new int[SIZE];

    /** Inserts a candidate in score order; dropped when the pool is full of better ones. */
    void offer(long score, byte[] key, int db) {
        int k = 0;
        while (k < SIZE && keys[k] != null && idle[k] < score) {
            k++;
        }
        if (k == 0 && keys[SIZE - 1] != null) {
            return;
        }
        if (k < SIZE && keys[k] == null) {
            set(k, score, key, db);
            return;
        }
        if (keys[SIZE - 1] == null) {
            shift(k, k + 1, SIZE - k - 1);
        } else {
            k--;
            shift(1, 0, k);
        }
        set(k, score, key, db);
    }

    /** Index of the best candidate, or -1 when the pool is empty. */
    int best() {
        for (int k = SIZE - 1; k >= 0; k--) {
            if (keys[k] != null) {
                return k;
            }
        }
        return -1;
    }

    byte[] key(int k) {
        return keys[k];
    }

    int db(int k) {
        return dbs[k];
    }

    void remove(int k) {
        keys[k] = null;
        idle[k] = 0;
    }

    private void set(int k, long score, byte[] key, int db) {
        idle[k] = score;
        keys[k] = key;
        dbs[k] = db;
    }

    private void shift(int from, int to, int count) {
        System.arraycopy(idle, from, idle, to, count);
        System.arraycopy(keys, from, keys, to, count);
        System.arraycopy(dbs, from, dbs, to, count);
    }
}
