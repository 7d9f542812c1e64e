package dev.keyslot.datanode.memory;

/**
 * What redis-server 7.0's structures cost on 64-bit Linux with jemalloc: the sizes its MEMORY USAGE adds up
 * (sizeof of its structs, and allocations rounded up to jemalloc's size classes).
 */
final class RedisAllocations {
    /** robj. */
    static final int OBJECT = 16;
    static final int DICT = 56;
    static final int DICT_ENTRY = 24;
    static final int POINTER = 8;
    /** The per-key metadata of a cluster node's keyspace dict (its slot's key list links). */
    static final int CLUSTER_KEY_METADATA = 16;
    static final int QUICKLIST = 40;
    static final int QUICKLIST_NODE = 40;
    /** zset: its dict and skip list pointers. */
    static final int ZSET = 16;
    static final int ZSKIPLIST = 32;
    /** zskiplistNode without its levels: member, score, backward pointer. */
    static final int ZSKIPLIST_NODE = 24;
    /** One level of a skip list node: forward pointer and span. */
    static final int ZSKIPLIST_LEVEL = 16;
    static final int ZSKIPLIST_MAX_LEVEL = 32;
    static final int INTSET_HEADER = 8;
    static final int STREAM = 80;
    static final int STREAM_ID = 16;
    static final int STREAM_CONSUMER_GROUP = 40;
    static final int STREAM_CONSUMER = 24;
    static final int STREAM_NACK = 24;
    /** What Redis's stream memory estimate charges per radix tree node: the node header and 30 words. */
    static final int RAX_NODE_ESTIMATE = 4 + 8 * 30;
    /** The bytes a new stream node's listpack is allocated with (or stream-node-max-bytes when smaller). */
    static final int STREAM_LISTPACK_PREALLOC = 4096;
    /** An embedded string's sds header (type 8) and terminator. */
    static final int EMBSTR_SDS_OVERHEAD = 4;

    private RedisAllocations() {
    }

    /**
     * The jemalloc size class an allocation of n bytes gets: 8, 16, then four classes per doubling (16 apart up to
     * 128, then a quarter of the power of two below).
     */
    static long jemalloc(long n) {
        if (n <= 8) {
            return 8;
        }
        if (n <= 16) {
            return 16;
        }
        int power = 63 - Long.numberOfLeadingZeros(n - 1);
        long step = Math.max(16, 1L << (power - 2));
        return (n + step - 1) / step * step;
    }

    /** An sds string of this length as sdsnewlen allocates it: the smallest header type that holds it. */
    static long sds(long length) {
        return jemalloc(sdsHeader(length) + length + 1);
    }

    /** The header of a raw string's sds (sdsMakeRoomFor and a raw object's sdsnewlen never use the 1-byte type). */
    static long sdsHeaderAtLeast8(long length) {
        return Math.max(3, sdsHeader(length));
    }

    static long sdsHeader(long length) {
        if (length < 32) {
            return length == 0 ? 3 : 1;
        }
        if (length < 256) {
            return 3;
        }
        if (length < 65536) {
            return 5;
        }
        return length < (1L << 32) ? 9 : 17;
    }
}
