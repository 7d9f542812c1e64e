package dev.keyslot.datanode.memory;

/**
 * The write stream's buffers, which used_memory counts as Redis does: the shared replication buffer (the backlog
 * and the replicas' output) and the AOF buffer. Only part of them counts towards maxmemory.
 */
public interface StreamBuffers {
    /** Before the server has its replication and AOF. */
    StreamBuffers NONE = new StreamBuffers() {
        @Override
        public long bytes() {
            return 0;
        }

        @Override
        public long notCountedForEviction() {
            return 0;
        }
    };

    /** Every byte the buffers hold. */
    long bytes();

    /**
     * INFO mem_not_counted_for_evict (Redis's freeMemoryGetNotCountedMemory): the replication buffer beyond the
     * backlog's size, and the AOF buffer. Deleting keys cannot free them: counted, a slow replica would make the
     * master evict its whole dataset. The backlog itself is counted: it stops growing at its size.
     */
    long notCountedForEviction();
}
