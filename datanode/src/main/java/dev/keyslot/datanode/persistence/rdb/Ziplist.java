package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.util.Numbers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads Redis's ziplist blob (RDB files before 7.0): a 10-byte header (total bytes, tail offset, count),
 * entries made of the previous entry's length, an encoding and data, and a 0xFF terminator.
 */
final class Ziplist {
    private static final int HEADER = 10;
    private static final int END = 0xff;
    private static final int BIG_PREVLEN = 0xfe;
    private static final int COUNT_UNKNOWN = 0xffff;

    private Ziplist() {
    }

    static List<byte[]> parse(byte[] zl) {
        if (zl.length < HEADER + 1 || (int) Listpack.le(zl, 0, 4) != zl.length || (zl[zl.length - 1] & 0xff) != END) {
            throw new RdbFormatException("ziplist header");
        }
        long tail = Listpack.le(zl, 4, 4);
        int declared = (int) Listpack.le(zl, 8, 2);
        int end = zl.length - 1;
        List<byte[]> out = new ArrayList<>();
        int p = HEADER;
        int previous = 0;
        int last = HEADER;
        while (p < end) {
            int prevlen = zl[p] & 0xff;
            int header = 1;
            if (prevlen == BIG_PREVLEN) {
                check(p + 5 <= end);
                prevlen = (int) Listpack.le(zl, p + 1, 4);
                header = 5;
            }
            check(prevlen == previous);
            int q = p + header;
            check(q < end);
            int b = zl[q] & 0xff;
            byte[] value;
            int next;
            switch (b >> 6) {
                case 0 -> {
                    next = string(zl, q + 1, b & 0x3f, end);
                    value = Arrays.copyOfRange(zl, q + 1, next);
                }
                case 1 -> {
                    check(q + 2 <= end);
                    int len = ((b & 0x3f) << 8) | (zl[q + 1] & 0xff);
                    next = string(zl, q + 2, len, end);
                    value = Arrays.copyOfRange(zl, q + 2, next);
                }
                case 2 -> {
                    check(b == 0x80 && q + 5 <= end);
                    long len = (zl[q + 1] & 0xffL) << 24 | (zl[q + 2] & 0xff) << 16 | (zl[q + 3] & 0xff) << 8
                            | (zl[q + 4] & 0xff);
                    next = string(zl, q + 5, len, end);
                    value = Arrays.copyOfRange(zl, q + 5, next);
                }
                default -> {
                    int width = switch (b) {
                        case 0xc0 -> 2;
                        case 0xd0 -> 4;
                        case 0xe0 -> 8;
                        case 0xf0 -> 3;
                        case 0xfe -> 1;
                        default -> 0;
                    };
                    long v;
                    if (width == 0) {
                        check(b >= 0xf1 && b <= 0xfd);
                        v = (b & 0x0f) - 1;
                    } else {
                        check(q + 1 + width <= end);
                        int shift = 64 - 8 * width;
                        v = (Listpack.le(zl, q + 1, width) << shift) >> shift;
                    }
                    next = q + 1 + width;
                    value = Numbers.toBytes(v).clone();
                }
            }
            out.add(value);
            last = p;
            previous = next - p;
            p = next;
        }
        check(out.isEmpty() ? tail == HEADER : tail == last);
        check(declared == COUNT_UNKNOWN || declared == out.size());
        return out;
    }

    private static int string(byte[] zl, int start, long len, int end) {
        check(len <= end - start);
        return start + (int) len;
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new RdbFormatException("malformed ziplist");
        }
    }
}
