package dev.keyslot.datanode.persistence.rdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads Redis's zipmap blob (hashes in RDB files before 2.6): a count byte, then key and value strings each
 * preceded by a length (one byte, or 254 and four little-endian bytes), values followed by a count of
 * unused bytes to skip, and a 0xFF terminator.
 */
final class Zipmap {
    private static final int END = 0xff;
    private static final int BIG_LENGTH = 254;

    private Zipmap() {
    }

    /** Field, value, field, value... */
    static List<byte[]> parse(byte[] zm) {
        List<byte[]> out = new ArrayList<>();
        int p = 1;
        while (true) {
            check(p < zm.length);
            if ((zm[p] & 0xff) == END) {
                check(p == zm.length - 1);
                return out;
            }
            for (int part = 0; part < 2; part++) {
                check(p < zm.length);
                long len = zm[p] & 0xff;
                check(len != END);
                if (len == BIG_LENGTH) {
                    check(p + 5 <= zm.length);
                    len = Listpack.le(zm, p + 1, 4);
                    p += 5;
                } else {
                    p++;
                }
                int free = 0;
                if (part == 1) {
                    check(p < zm.length);
                    free = zm[p++] & 0xff;
                }
                check(len + free <= zm.length - p);
                out.add(Arrays.copyOfRange(zm, p, p + (int) len));
                p += (int) len + free;
            }
        }
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new RdbFormatException("malformed zipmap");
        }
    }
}
