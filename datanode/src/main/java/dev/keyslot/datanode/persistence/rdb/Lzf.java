package dev.keyslot.datanode.persistence.rdb;

import java.util.Arrays;

/**
 * LZF compression as Redis bundles it (liblzf 3.6 with HLOG 16, VERY_FAST), reproduced decision for
 * decision so compressed RDB strings and DUMP payloads are byte-identical to redis-server's.
 *
 * <p>Format: {@code 000LLLLL} followed by L+1 literal bytes; {@code LLLooooo oooooooo} a back reference of
 * L+2 bytes at distance o+1; {@code 111ooooo LLLLLLLL oooooooo} a back reference of L+9 bytes.
 */
public final class Lzf {
    private static final int HLOG = 16;
    private static final int HSIZE = 1 << HLOG;
    private static final int MAX_LIT = 1 << 5;
    private static final int MAX_OFF = 1 << 13;
    private static final int MAX_REF = (1 << 8) + (1 << 3);

    /**
     * The hash table of earlier positions, reused across calls: an entry counts only when stamped by the
     * current call, so every call sees an empty table without clearing 64K slots.
     */
    private static final class Table {
        final int[] positions = new int[HSIZE];
        final int[] stamps = new int[HSIZE];
        int stamp;

        void reset() {
            if (++stamp == 0) {
                Arrays.fill(stamps, 0);
                stamp = 1;
            }
        }

        /** The position last stored in slot by this call, or -1; then stores pos there. */
        int swap(int slot, int pos) {
            int previous = stamps[slot] == stamp ? positions[slot] : -1;
            put(slot, pos);
            return previous;
        }

        void put(int slot, int pos) {
            positions[slot] = pos;
            stamps[slot] = stamp;
        }
    }

    private static final ThreadLocal<Table> TABLES = ThreadLocal.withInitial(Table::new);

    private Lzf() {
    }

    /**
     * Compresses in[0, inLen) into out (which must hold outLen + 1 bytes); returns the compressed length,
     * or 0 when the result would not fit in outLen bytes.
     */
    public static int compress(byte[] in, int inLen, byte[] out, int outLen) {
        if (inLen == 0 || outLen == 0) {
            return 0;
        }
        Table htab = TABLES.get();
        htab.reset();
        int ip = 0;
        int op = 0;
        int inEnd = inLen;
        int outEnd = outLen;
        int lit = 0;
        op++;
        int hval = inLen >= 2 ? first(in, ip) : 0;
        while (ip < inEnd - 2) {
            hval = next(hval, in, ip);
            int ref = htab.swap(index(hval), ip);
            int off = ip - ref - 1;
            if (ref > 0 && off < MAX_OFF && in[ref + 2] == in[ip + 2]
                    && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]) {
                int len = 2;
                int maxLen = Math.min(inEnd - ip - len, MAX_REF);
                if (op + 3 + 1 >= outEnd && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outEnd) {
                    return 0;
                }
                out[op - lit - 1] = (byte) (lit - 1);
                op -= lit == 0 ? 1 : 0;
                len = matchLength(in, ref, ip, maxLen);
                len -= 2;
                ip++;
                if (len < 7) {
                    out[op++] = (byte) ((off >>> 8) + (len << 5));
                } else {
                    out[op++] = (byte) ((off >>> 8) + (7 << 5));
                    out[op++] = (byte) (len - 7);
                }
                out[op++] = (byte) off;
                lit = 0;
                op++;
                ip += len + 1;
                if (ip >= inEnd - 2) {
                    break;
                }
                ip -= 2;
                hval = first(in, ip);
                hval = next(hval, in, ip);
                htab.put(index(hval), ip);
                ip++;
                hval = next(hval, in, ip);
                htab.put(index(hval), ip);
                ip++;
            } else {
                if (op >= outEnd) {
                    return 0;
                }
                lit++;
                out[op++] = in[ip++];
                if (lit == MAX_LIT) {
                    out[op - lit - 1] = (byte) (lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }
        if (op + 3 > outEnd) {
            return 0;
        }
        while (ip < inEnd) {
            lit++;
            out[op++] = in[ip++];
            if (lit == MAX_LIT) {
                out[op - lit - 1] = (byte) (lit - 1);
                lit = 0;
                op++;
            }
        }
        out[op - lit - 1] = (byte) (lit - 1);
        op -= lit == 0 ? 1 : 0;
        return op;
    }

    /**
     * Bytes matching at ref and ip, given the first three match. liblzf checks the first 16 extra bytes
     * unrolled without consulting maxLen (it only enters that path when maxLen > 16), which can yield up to
     * two bytes more than maxLen; the result must match that exactly.
     */
    private static int matchLength(byte[] in, int ref, int ip, int maxLen) {
        int len = 2;
        if (maxLen > 16) {
            for (int k = 0; k < 16; k++) {
                len++;
                if (in[ref + len] != in[ip + len]) {
                    return len;
                }
            }
        }
        do {
            len++;
        } while (len < maxLen && in[ref + len] == in[ip + len]);
        return len;
    }

    private static int first(byte[] in, int p) {
        return ((in[p] & 0xff) << 8) | (in[p + 1] & 0xff);
    }

    private static int next(int v, byte[] in, int p) {
        return (v << 8) | (in[p + 2] & 0xff);
    }

    private static int index(int h) {
        return ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);
    }

    /** Decompresses in[0, inLen) into out; returns the bytes written, or -1 for corrupt or oversized data. */
    public static int decompress(byte[] in, int inOffset, int inLen, byte[] out) {
        int ip = inOffset;
        int inEnd = inOffset + inLen;
        int op = 0;
        int outEnd = out.length;
        if (inLen == 0) {
            return -1;
        }
        do {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < (1 << 5)) {
                ctrl++;
                if (op + ctrl > outEnd || ip + ctrl > inEnd) {
                    return -1;
                }
                System.arraycopy(in, ip, out, op, ctrl);
                op += ctrl;
                ip += ctrl;
            } else {
                int len = ctrl >>> 5;
                int ref = op - ((ctrl & 0x1f) << 8) - 1;
                if (ip >= inEnd) {
                    return -1;
                }
                if (len == 7) {
                    len += in[ip++] & 0xff;
                    if (ip >= inEnd) {
                        return -1;
                    }
                }
                ref -= in[ip++] & 0xff;
                if (op + len + 2 > outEnd || ref < 0) {
                    return -1;
                }
                // Byte by byte: the reference may overlap the bytes being written (runs).
                for (int k = 0; k < len + 2; k++) {
                    out[op++] = out[ref++];
                }
            }
        } while (ip < inEnd);
        return op;
    }
}
