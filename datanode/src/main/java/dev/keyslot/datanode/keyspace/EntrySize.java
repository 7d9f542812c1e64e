package dev.keyslot.datanode.keyspace;

/**
 * Heap footprint estimates of keyspace entries on a 64-bit JVM with compressed references: 12-byte object
 * headers, 16-byte array headers, 4-byte references, 8-byte alignment. Collections report their own size
 * through {@link RedisValue#memoryUsage()}.
 */
public final class EntrySize {
    /**
     * KeyEntry: header, key/next/value references, expireAt, lru, accountedWordsAndFlags, indexPosition,
     * snapshotMark.
     */
    static final long KEY_ENTRY = align(12 + 3 * 4 + 8 + 4 + 4 + 4 + 4);
    /** A key with a TTL also has a shadow entry in the volatile index: header, key/next/value. */
    static final long VOLATILE_SHADOW = align(12 + 3 * 4);
    /** One slot of a dict bucket array. */
    public static final long BUCKET_SLOT = 4;

    private EntrySize() {
    }

    /**
     * Bytes held by the entry: its object, key, value and TTL index shadow (not its bucket slot), in whole
     * 8-byte words as the heap allocates them.
     */
    public static long of(KeyEntry e) {
        return align(KEY_ENTRY + bytes(e.key.length) + value(e.value) + (e.hasExpiry() ? VOLATILE_SHADOW : 0));
    }

    public static long value(Object v) {
        if (v instanceof byte[] b) {
            return bytes(b.length);
        }
        if (v instanceof RedisValue r) {
            return r.memoryUsage();
        }
        return 0;
    }

    public static long bytes(int length) {
        return align(16L + length);
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }
}
