package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.RedisValue;

/**
 * Bytes a key costs, counted the way Redis's MEMORY USAGE counts them (key string, dict entry, value
 * object), with allocations rounded up to 8 bytes. The figures are this server's estimate, not jemalloc's.
 */
final class MemoryEstimate {
    private static final int DICT_ENTRY = 24;
    private static final int OBJECT_HEADER = 16;
    /** Redis keeps strings up to 44 bytes in one allocation with their object header (embstr). */
    private static final int EMBSTR_LIMIT = 44;

    private MemoryEstimate() {
    }

    static long of(KeyEntry e) {
        return stringBytes(e.key.length) + DICT_ENTRY + valueBytes(e.value);
    }

    private static long valueBytes(Object value) {
        if (value instanceof byte[] bytes) {
            if (bytes.length <= EMBSTR_LIMIT) {
                return round(OBJECT_HEADER + 3 + bytes.length + 1);
            }
            return OBJECT_HEADER + stringBytes(bytes.length);
        }
        return OBJECT_HEADER + ((RedisValue) value).memoryUsage();
    }

    /** An sds string: header, bytes, terminator. */
    private static long stringBytes(int length) {
        int header = length < 256 ? 3 : length < 65536 ? 5 : 9;
        return round(header + length + 1);
    }

    private static long round(long n) {
        return (n + 7) & ~7L;
    }
}
