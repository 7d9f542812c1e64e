package dev.keyslot.datanode.persistence.rdb;

import dev.keyslot.datanode.util.Numbers;

import java.util.List;

/**
 * Checks that a restored listpack is a well-formed stream node before it is trusted: a master entry
 * (live count, deleted count, field count, fields, 0), then entries whose flags, ID deltas, field counts
 * and trailing element counts agree, as many as the master entry announces.
 */
final class StreamListpackCheck {
    private static final int FLAG_SAME_FIELDS = 2;

    private StreamListpackCheck() {
    }

    static void validate(byte[] blob) {
        List<byte[]> e;
        try {
            e = Listpack.parse(blob);
        } catch (RdbFormatException malformed) {
            throw corrupt();
        }
        if (e.isEmpty()) {
            throw new RdbFormatException("Empty listpack inside stream");
        }
        long[] v = new long[1];
        int i = 0;
        long live = integer(e, i++, v);
        long deleted = integer(e, i++, v);
        long masterFields = integer(e, i++, v);
        if (live < 0 || deleted < 0 || masterFields < 0 || masterFields > e.size()) {
            throw corrupt();
        }
        i += (int) masterFields;
        if (integer(e, i++, v) != 0) {
            throw corrupt();
        }
        long entries = 0;
        while (i < e.size()) {
            int start = i;
            long flags = integer(e, i++, v);
            integer(e, i++, v);
            integer(e, i++, v);
            long values;
            if ((flags & FLAG_SAME_FIELDS) != 0) {
                values = masterFields;
            } else {
                long fields = integer(e, i++, v);
                if (fields < 0 || fields > e.size()) {
                    throw corrupt();
                }
                values = fields * 2;
            }
            i += (int) values;
            if (integer(e, i, v) != i - start) {
                throw corrupt();
            }
            i++;
            entries++;
        }
        if (entries != live + deleted) {
            throw corrupt();
        }
    }

    private static long integer(List<byte[]> e, int i, long[] v) {
        if (i >= e.size() || !Numbers.parseLong(e.get(i), v)) {
            throw corrupt();
        }
        return v[0];
    }

    private static RdbFormatException corrupt() {
        return new RdbFormatException("Stream listpack integrity check failed.");
    }
}
