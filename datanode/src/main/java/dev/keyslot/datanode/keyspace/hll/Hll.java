package dev.keyslot.datanode.keyspace.hll;

import java.util.Arrays;

/**
 * A HyperLogLog string being read or edited, byte-compatible with Redis's: sparse values grow in a
 * working buffer and are promoted to dense past hll-sparse-max-bytes; {@link #bytes()} gives the string.
 */
public final class Hll {
    public static final int REGISTER_COUNT = HllFormat.REGISTERS;
    /** Room for one sparse opcode split (at most 3 bytes more) without reallocating. */
    private static final int SLACK = 8;

    private byte[] buf;
    private int length;

    private Hll(byte[] buf, int length) {
        this.buf = buf;
        this.length = length;
    }

    /** A new empty HLL: sparse, one XZERO run over all registers, cached cardinality 0. */
    public static Hll empty() {
        byte[] s = new byte[HllFormat.HEADER_SIZE + 2 + SLACK];
        s[0] = 'H';
        s[1] = 'Y';
        s[2] = 'L';
        s[3] = 'L';
        HllFormat.setEncoding(s, HllFormat.SPARSE);
        SparseOps.xzero(s, HllFormat.HEADER_SIZE, HllFormat.REGISTERS);
        return new Hll(s, HllFormat.HEADER_SIZE + 2);
    }

    /**
     * Edits a valid HLL string (see {@link HllFormat#isValid}). A dense array is edited in place when the
     * caller owns it; a sparse one is always copied, since it may grow.
     */
    public static Hll edit(byte[] value, boolean owned) {
        if (HllFormat.isDense(value)) {
            return new Hll(owned ? value : value.clone(), value.length);
        }
        return new Hll(Arrays.copyOf(value, value.length + SLACK), value.length);
    }

    /** The string value; the working array itself when it has the exact length. */
    public byte[] bytes() {
        if (buf.length != length) {
            buf = Arrays.copyOf(buf, length);
        }
        return buf;
    }

    /** Register i of a dense HLL. */
    public int denseRegister(int i) {
        return DenseRegisters.get(buf, i);
    }

    public boolean isDense() {
        return HllFormat.isDense(buf);
    }

    /** PFADD of one element: 1 when a register changed, 0 when not, -1 for a corrupted sparse value. */
    public int add(byte[] element, long sparseMaxBytes) {
        long pattern = HllFormat.patternOf(element);
        return raise((int) pattern, (int) (pattern >>> 32), sparseMaxBytes);
    }

    /** Raises register index to count if lower: 1 when changed, 0 when not, -1 when corrupted. */
    public int raise(int index, int count, long sparseMaxBytes) {
        if (isDense()) {
            return DenseRegisters.raise(buf, index, count) ? 1 : 0;
        }
        int result = count > SparseOps.VAL_MAX_VALUE ? SparseEditor.PROMOTE
                : new SparseEditor(this).set(index, count, sparseMaxBytes);
        if (result != SparseEditor.PROMOTE) {
            return result;
        }
        if (!toDense()) {
            return -1;
        }
        DenseRegisters.set(buf, index, count);
        return 1;
    }

    /** Converts a sparse value to dense (header kept); false when the sparse value is corrupted. */
    public boolean toDense() {
        if (isDense()) {
            return true;
        }
        byte[] dense = new byte[HllFormat.DENSE_SIZE];
        System.arraycopy(buf, 0, dense, 0, HllFormat.HEADER_SIZE);
        HllFormat.setEncoding(dense, HllFormat.DENSE);
        boolean valid = SparseOps.forEachValue(buf, HllFormat.HEADER_SIZE, length, (first, run, value) -> {
            for (int i = first; i < first + run; i++) {
                DenseRegisters.set(dense, i, value);
            }
        });
        if (!valid) {
            return false;
        }
        buf = dense;
        length = dense.length;
        return true;
    }

    public void invalidateCache() {
        HllFormat.invalidateCache(buf);
    }

    /** The cached cardinality, or -1 when it is stale. */
    public long cachedCardinality() {
        return HllFormat.cacheValid(buf) ? HllFormat.cachedCardinality(buf) : -1;
    }

    public void storeCardinality(long card) {
        HllFormat.storeCardinality(buf, card);
    }

    /** The estimated cardinality, or -1 for a corrupted sparse value. */
    public long count() {
        int[] histo = new int[64];
        return histogram(histo) ? HllEstimator.estimate(histo) : -1;
    }

    /** Counts the registers of each value into a zeroed histo; false for a corrupted sparse value. */
    boolean histogram(int[] histo) {
        if (isDense()) {
            DenseRegisters.histogram(buf, histo);
            return true;
        }
        return sparseHistogram(histo);
    }

    private boolean sparseHistogram(int[] histo) {
        int[] covered = new int[1];
        boolean valid = SparseOps.forEachValue(buf, HllFormat.HEADER_SIZE, length, (first, run, value) -> {
            histo[value] += run;
            covered[0] += run;
        });
        histo[0] = HllFormat.REGISTERS - covered[0];
        return valid;
    }

    /** The estimate for registers given one per byte (PFCOUNT of several keys). */
    public static long count(byte[] registers) {
        int[] histo = new int[64];
        for (byte r : registers) {
            histo[r]++;
        }
        return HllEstimator.estimate(histo);
    }

    public static byte[] newRegisters() {
        return new byte[HllFormat.REGISTERS];
    }

    /** Raises max[i] to this HLL's register i; false for a corrupted sparse value. */
    public static boolean mergeInto(byte[] value, byte[] max) {
        if (HllFormat.isDense(value)) {
            DenseRegisters.mergeInto(value, max);
            return true;
        }
        return SparseOps.forEachValue(value, HllFormat.HEADER_SIZE, value.length, (first, run, v) -> {
            for (int i = first; i < first + run; i++) {
                if (v > max[i]) {
                    max[i] = (byte) v;
                }
            }
        });
    }

    byte[] buffer() {
        return buf;
    }

    int length() {
        return length;
    }

    /** Replaces the working buffer (the sparse editor grew it). */
    void resize(byte[] newBuf, int newLength) {
        buf = newBuf;
        length = newLength;
    }
}
