package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.keyspace.KeyspaceEvents;
import dev.keyslot.datanode.keyspace.hash.HashValue;
import dev.keyslot.datanode.keyspace.list.ListValue;
import dev.keyslot.datanode.keyspace.set.SetValue;
import dev.keyslot.datanode.keyspace.stream.ConsumerGroup;
import dev.keyslot.datanode.keyspace.stream.StreamValue;
import dev.keyslot.datanode.keyspace.zset.ZSetValue;
import dev.keyslot.datanode.server.ServerStats;

/**
 * INFO's lazyfreed_objects as Redis counts it. Redis hands a deleted value to a background thread when freeing
 * it takes more than 64 allocations and the deletion is lazy (UNLINK, or the matching lazyfree-lazy-* option:
 * user-del for DEL, expire, eviction, server-del for a value a write replaces),
 * a flushed database when the flush is asynchronous (FLUSHALL/FLUSHDB ASYNC, a replica's flush before a sync under
 * replica-lazy-flush, the old data a swapdb sync replaces), and a large script cache or function set flushed
 * asynchronously; each such value, key, script or function counts once freed. The JVM's collector reclaims memory here, so lazyfree_pending_objects stays 0.
 */
public final class LazyFree implements KeyspaceEvents {
    /** Redis's LAZYFREE_THRESHOLD: values cheaper to free than this are freed at once, and not counted. */
    private static final long THRESHOLD = 64;

    private final ServerConfig config;
    private final ServerStats stats;

    public LazyFree(ServerConfig config, ServerStats stats) {
        this.config = config;
        this.stats = stats;
    }

    /** A value deleted by UNLINK, or by a deletion made lazy by lazyOption being on. */
    public void deleted(Object value, boolean unlink, String lazyOption) {
        if (value instanceof byte[]) {
            return;
        }
        if ((unlink || config.getBool(lazyOption)) && freeEffort(value) > THRESHOLD) {
            stats.lazyfreedObjects++;
        }
    }

    /** An expired key's value: lazily freed under lazyfree-lazy-expire. */
    @Override
    public void expiredValueReleased(Object value) {
        deleted(value, false, "lazyfree-lazy-expire");
    }

    /** A value a write replaced: lazily freed under lazyfree-lazy-server-del. */
    @Override
    public void overwrittenValueReleased(Object value) {
        serverDeleted(value);
    }

    /** A value the server deleted for a command (Redis's dbDelete): lazily freed under lazyfree-lazy-server-del. */
    public void serverDeleted(Object value) {
        deleted(value, false, "lazyfree-lazy-server-del");
    }

    /** Whether a FLUSHDB or FLUSHALL with this mode argument (null when none) frees in the background. */
    public boolean flushIsAsync(String mode) {
        return mode == null ? config.getBool("lazyfree-lazy-user-flush") : mode.equalsIgnoreCase("async");
    }

    /** An asynchronous flush of databases holding this many keys. */
    public void flushed(long keys) {
        stats.lazyfreedObjects += keys;
    }

    /**
     * The EVAL script cache or the function libraries, holding this many scripts or functions, dropped by an
     * asynchronous flush: Redis frees them in the background, and counts them, only past the threshold.
     */
    public void scriptsFlushed(long scriptsOrFunctions) {
        if (scriptsOrFunctions > THRESHOLD) {
            stats.lazyfreedObjects += scriptsOrFunctions;
        }
    }

    /** Redis's lazyfreeGetFreeEffort: roughly the allocations freeing the value takes. */
    static long freeEffort(Object value) {
        if (value instanceof ListValue list) {
            return list.nodeCount();
        } else if (value instanceof SetValue set) {
            return set.encoding().equals("hashtable") ? set.size() : 1;
        } else if (value instanceof ZSetValue zset) {
            return zset.encoding().equals("skiplist") ? zset.size() : 1;
        } else if (value instanceof HashValue hash) {
            return hash.encoding().equals("hashtable") ? hash.size() : 1;
        } else if (value instanceof StreamValue stream) {
            return streamEffort(stream);
        }
        return 1;
    }

    /** The stream's radix tree nodes, plus each group as large as the first one with its pending entries. */
    private static long streamEffort(StreamValue stream) {
        long effort = stream.radixTreeNodes();
        if (!stream.groups().isEmpty()) {
            ConsumerGroup first = stream.groups().firstEntry().getValue();
            effort += (long) stream.groups().size() * (1 + first.pending().size());
        }
        return effort;
    }
}
