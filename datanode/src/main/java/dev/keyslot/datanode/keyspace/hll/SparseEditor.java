package dev.keyslot.datanode.keyspace.hll;

import java.util.Arrays;

/**
 * Sets one register of a sparse HLL the way Redis does, so the resulting bytes match: the opcode covering
 * the register is split into at most three (zeros or old value / new value / zeros or old value), then
 * adjacent equal VAL opcodes near the change are joined.
 */
final class SparseEditor {
    static final int PROMOTE = 2;
    private static final int MERGE_SCAN_OPCODES = 5;

    private final Hll hll;
    private final byte[] seq = new byte[5];

    SparseEditor(Hll hll) {
        this.hll = hll;
    }

    /** 1 when the register changed, 0 when it already was at least count, -1 when corrupted, or PROMOTE. */
    int set(int index, int count, long sparseMaxBytes) {
        byte[] s = hll.buffer();
        int end = hll.length();
        int p = HllFormat.HEADER_SIZE;
        int first = 0;
        int prev = -1;
        int span = 0;
        int opLen = 1;
        while (p < end) {
            opLen = SparseOps.isXZero(s[p]) ? 2 : 1;
            span = spanAt(s, p, end);
            if (index <= first + span - 1) {
                break;
            }
            prev = p;
            p += opLen;
            first += span;
        }
        if (span == 0 || p >= end) {
            return -1;
        }
        byte op = s[p];
        boolean isVal = SparseOps.isVal(op);
        boolean isXZero = SparseOps.isXZero(op);
        if (isVal) {
            if (SparseOps.valValue(op) >= count) {
                return 0;
            }
            if (span == 1) {
                s[p] = SparseOps.val(count, 1);
                return joinValues(prev, end);
            }
        } else if (!isXZero && span == 1) {
            s[p] = SparseOps.val(count, 1);
            return joinValues(prev, end);
        }
        int n = splitRun(isVal ? SparseOps.valValue(op) : 0, first, first + span - 1, index, count);
        int oldLen = isXZero ? 2 : 1;
        int delta = n - oldLen;
        if (delta > 0 && end + delta > sparseMaxBytes) {
            return PROMOTE;
        }
        if (end + delta > s.length) {
            s = Arrays.copyOf(s, end + delta + 8);
        }
        int next = p + oldLen;
        if (end > next) {
            System.arraycopy(s, next, s, next + delta, end - next);
        }
        System.arraycopy(seq, 0, s, p, n);
        hll.resize(s, end + delta);
        return joinValues(prev, end + delta);
    }

    private static int spanAt(byte[] s, int p, int end) {
        byte b = s[p];
        if (SparseOps.isZero(b)) {
            return SparseOps.zeroLen(b);
        }
        if (SparseOps.isVal(b)) {
            return SparseOps.valLen(b);
        }
        return SparseOps.xzeroLen(b, p + 1 < end ? s[p + 1] : 0);
    }

    /** Fills seq with the opcodes replacing run [first, last] (zeros when oldValue is 0); returns their size. */
    private int splitRun(int oldValue, int first, int last, int index, int count) {
        int n = 0;
        if (index != first) {
            n += part(n, oldValue, index - first);
        }
        seq[n++] = SparseOps.val(count, 1);
        if (index != last) {
            n += part(n, oldValue, last - index);
        }
        return n;
    }

    private int part(int at, int value, int len) {
        if (value == 0) {
            return SparseOps.zeroRun(seq, at, len);
        }
        seq[at] = SparseOps.val(value, len);
        return 1;
    }

    /** Joins adjacent VAL opcodes of equal value, scanning a few opcodes from the one before the change. */
    private int joinValues(int prev, int end) {
        byte[] s = hll.buffer();
        int p = prev >= 0 ? prev : HllFormat.HEADER_SIZE;
        int scan = MERGE_SCAN_OPCODES;
        while (p < end && scan-- > 0) {
            if (SparseOps.isXZero(s[p])) {
                p += 2;
                continue;
            }
            if (SparseOps.isZero(s[p])) {
                p++;
                continue;
            }
            if (p + 1 < end && SparseOps.isVal(s[p + 1])) {
                int v = SparseOps.valValue(s[p]);
                int len = SparseOps.valLen(s[p]) + SparseOps.valLen(s[p + 1]);
                if (v == SparseOps.valValue(s[p + 1]) && len <= SparseOps.VAL_MAX_LEN) {
                    s[p + 1] = SparseOps.val(v, len);
                    System.arraycopy(s, p + 1, s, p, end - p - 1);
                    end--;
                    continue;
                }
            }
            p++;
        }
        hll.resize(s, end);
        HllFormat.invalidateCache(s);
        return 1;
    }
}
