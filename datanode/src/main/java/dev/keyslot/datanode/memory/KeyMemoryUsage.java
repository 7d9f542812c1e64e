package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.StringEncoding;
import dev.keyslot.datanode.keyspace.hash.HashValue;
import dev.keyslot.datanode.keyspace.list.ListValue;
import dev.keyslot.datanode.keyspace.set.SetValue;
import dev.keyslot.datanode.keyspace.stream.Consumer;
import dev.keyslot.datanode.keyspace.stream.ConsumerGroup;
import dev.keyslot.datanode.keyspace.stream.ListpackNode;
import dev.keyslot.datanode.keyspace.stream.StreamId;
import dev.keyslot.datanode.keyspace.stream.StreamValue;
import dev.keyslot.datanode.keyspace.zset.ZSetEntry;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.persistence.rdb.QuicklistCompression;
import dev.keyslot.datanode.persistence.rdb.ValueListpacks;

import java.util.Collection;

import static dev.keyslot.datanode.memory.RedisAllocations.DICT;
import static dev.keyslot.datanode.memory.RedisAllocations.DICT_ENTRY;
import static dev.keyslot.datanode.memory.RedisAllocations.OBJECT;
import static dev.keyslot.datanode.memory.RedisAllocations.POINTER;
import static dev.keyslot.datanode.memory.RedisAllocations.jemalloc;
import static dev.keyslot.datanode.memory.RedisAllocations.sds;

/**
 * MEMORY USAGE as redis-server 7.0 computes it (objectComputeSize): the key's sds and dict entry, and the value as
 * Redis would hold it in its encoding, from the listpack, intset and quicklist node bytes Redis would have written.
 * A hashtable, skip list or quicklist is measured on its first {@code samples} elements or nodes and extrapolated,
 * as Redis does; a list's nodes are Redis's, those beyond list-compress-depth counted at their LZF size where Redis
 * would hold them compressed. What depends on allocation history is not known here and counted without spare
 * room (the room Redis leaves in a string grown by APPEND, SETRANGE or SETBIT), or as a stream built by XADD
 * holds it (its last node's listpack keeps its preallocated size; loaded from an RDB file it has none in Redis).
 */
public final class KeyMemoryUsage {
    /** Redis's default when MEMORY USAGE has no SAMPLES option. */
    public static final int DEFAULT_SAMPLES = 5;
    /** A compressed quicklist node's allocation: the compressed length (a size_t), then the bytes. */
    private static final int LZF_HEADER = 8;

    private final int samples;
    private final long streamNodeMaxBytes;

    /**
     * @param samples            elements or nodes measured before extrapolating (0: all)
     * @param streamNodeMaxBytes stream-node-max-bytes
     */
    public KeyMemoryUsage(long samples, long streamNodeMaxBytes) {
        this.samples = samples == 0 || samples > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) samples;
        this.streamNodeMaxBytes = streamNodeMaxBytes;
    }

    public long of(KeyEntry e, boolean clusterMode) {
        return sds(e.key.length) + DICT_ENTRY + (clusterMode ? RedisAllocations.CLUSTER_KEY_METADATA : 0) + value(e);
    }

    private long value(KeyEntry e) {
        if (e.value instanceof byte[] bytes) {
            return string(e, bytes.length);
        }
        if (e.value instanceof HashValue hash) {
            return hash(hash);
        }
        if (e.value instanceof ListValue list) {
            return list(list);
        }
        if (e.value instanceof SetValue set) {
            return set(set);
        }
        if (e.value instanceof ZSetValue zset) {
            return zset(zset);
        }
        return stream((StreamValue) e.value);
    }

    private static long string(KeyEntry e, int length) {
        return switch (StringEncoding.name(e)) {
            case "int" -> OBJECT;
            case "embstr" -> jemalloc(OBJECT + RedisAllocations.EMBSTR_SDS_OVERHEAD + length);
            default -> OBJECT + jemalloc(RedisAllocations.sdsHeaderAtLeast8(length) + length + 1);
        };
    }

    private long hash(HashValue hash) {
        if (hash.isListpack()) {
            return OBJECT + jemalloc(ValueListpacks.of(hash).bytes());
        }
        Sample sample = new Sample(samples);
        long cursor = 0;
        do {
            cursor = hash.scan(cursor,
                    (field, value) -> sample.add(DICT_ENTRY + sds(field.length) + sds(value.length)));
        } while (cursor != 0 && !sample.full());
        return OBJECT + DICT + POINTER * hash.buckets() + sample.extrapolate(hash.size());
    }

    private long set(SetValue set) {
        if (set.isIntset()) {
            return OBJECT + jemalloc(RedisAllocations.INTSET_HEADER + (long) set.size() * set.intsetWidth());
        }
        Sample sample = new Sample(samples);
        long cursor = 0;
        do {
            cursor = set.scan(cursor, member -> sample.add(DICT_ENTRY + sds(member.length)));
        } while (cursor != 0 && !sample.full());
        return OBJECT + DICT + POINTER * set.buckets() + sample.extrapolate(set.size());
    }

    private long zset(ZSetValue zset) {
        if (zset.isListpack()) {
            return OBJECT + jemalloc(ValueListpacks.of(zset).bytes());
        }
        Sample sample = new Sample(samples);
        for (ZSetEntry n = zset.first(); n != null && !sample.full(); n = n.next()) {
            sample.add(sds(n.member().length) + DICT_ENTRY + skipListNode(zset.nodeLevel(n)));
        }
        return OBJECT + RedisAllocations.ZSET + RedisAllocations.ZSKIPLIST + DICT + POINTER * zset.buckets()
                + skipListNode(RedisAllocations.ZSKIPLIST_MAX_LEVEL) + sample.extrapolate(zset.size());
    }

    private static long skipListNode(int levels) {
        return jemalloc(RedisAllocations.ZSKIPLIST_NODE + (long) levels * RedisAllocations.ZSKIPLIST_LEVEL);
    }

    /** The list's quicklist nodes: all counted, the first {@code samples} measured, compressed ones as LZF. */
    private long list(ListValue list) {
        Sample sample = new Sample(samples);
        int nodes = list.nodeCount();
        for (int i = 0; i < nodes && !sample.full(); i++) {
            byte[] lzf = QuicklistCompression.beyondDepth(list, i)
                    ? QuicklistCompression.compressed(QuicklistCompression.rawNode(list, i)) : null;
            long entry = lzf != null ? jemalloc(LZF_HEADER + lzf.length)
                    : list.isPlainNode(i) ? list.nodeBytes(i) : jemalloc(list.nodeBytes(i));
            sample.add(RedisAllocations.QUICKLIST_NODE + entry);
        }
        return OBJECT + RedisAllocations.QUICKLIST + sample.extrapolate(nodes);
    }

    /**
     * Redis's stream estimate: the radix tree of nodes (its per-node guess), the node listpacks (the first
     * {@code samples} measured, the last one always), and the pending entries of every group and consumer.
     */
    private long stream(StreamValue stream) {
        int nodes = stream.nodes().size();
        long size = OBJECT + RedisAllocations.STREAM + radixTree(nodes, stream.radixTreeNodes());
        long prealloc = RedisAllocations.STREAM_LISTPACK_PREALLOC;
        long preallocated = jemalloc(streamNodeMaxBytes > 0 ? Math.min(streamNodeMaxBytes, prealloc) : prealloc);
        Sample sample = new Sample(samples);
        long last = 0;
        int index = 0;
        for (ListpackNode node : stream.nodes().values()) {
            // A node is shrunk to fit when the next one is started; the last keeps its preallocation.
            last = ++index < nodes ? jemalloc(node.bytes()) : Math.max(preallocated, jemalloc(node.bytes()));
            sample.add(last);
        }
        // Unlike the other types, Redis averages stream nodes in whole bytes and counts the last one as it is.
        size += nodes <= sample.count ? sample.bytes : sample.bytes / sample.count * (nodes - 1) + last;
        for (ConsumerGroup group : stream.groups().values()) {
            size += RedisAllocations.STREAM_CONSUMER_GROUP + pendingEntries(group.pending().keySet())
                    + (long) RedisAllocations.STREAM_NACK * group.pending().size();
            for (Consumer consumer : group.consumers().values()) {
                size += RedisAllocations.STREAM_CONSUMER + consumer.name().length
                        + pendingEntries(consumer.pending().keySet());
            }
        }
        return size;
    }

    private static long pendingEntries(Collection<StreamId> ids) {
        return radixTree(ids.size(), StreamValue.radixTreeNodes(ids));
    }

    private static long radixTree(long keys, long nodes) {
        return keys * RedisAllocations.STREAM_ID + nodes * RedisAllocations.RAX_NODE_ESTIMATE;
    }

    /** Sizes of the first elements measured (up to the limit); their mean times the total, truncated as Redis does. */
    private static final class Sample {
        private final int limit;
        private long bytes;
        private int count;

        Sample(int limit) {
            this.limit = limit;
        }

        void add(long size) {
            if (count < limit) {
                bytes += size;
                count++;
            }
        }

        boolean full() {
            return count >= limit;
        }

        long extrapolate(long total) {
            return count == 0 ? 0 : (long) ((double) bytes / count * total);
        }
    }
}
