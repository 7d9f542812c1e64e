package dev.keyslot.datanode.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.Arrays;

/**
 * Redis 7.0's shared replication buffer: the stream in a list of blocks that the backlog and every replica read.
 * A write is copied once into the tail block; replicas keep their place as a stream offset and are sent slices
 * of the blocks, never copies of their own. The backlog is the whole list: it keeps at least repl-backlog-size
 * bytes of history, and more while some replica still needs an older block, so that a replica dropped for its
 * output buffer limit can still resume from the backlog. Blocks nobody needs any more are trimmed from the
 * front, a bounded number per call so that freeing a large backlog never stalls the server.
 * Offsets follow Redis: the stream's bytes are numbered from 1 and {@link #endOffset} is the number of the last.
 */
final class ReplicationBuffer {
    /** The smallest repl-backlog-size CONFIG SET keeps, as Redis's CONFIG_REPL_BACKLOG_MIN_SIZE. */
    static final long MIN_BACKLOG_SIZE = 16 * 1024;
    /** Redis's REPL_BACKLOG_TRIM_BLOCKS_PER_CALL. */
    static final int TRIM_BLOCKS_PER_CALL = 64;
    /** Redis's PROTO_REPLY_CHUNK_BYTES: the smallest block, so that small writes share one. */
    private static final int MIN_BLOCK_BYTES = 16 * 1024;

    private final ByteBufAllocator allocator;
    /** The blocks, oldest first, in a ring: head is the oldest, count of them from there. */
    private ReplicationBlock[] blocks = new ReplicationBlock[16];
    private int head;
    private int count;
    private long endOffset;
    private long backlogSize;
    /** The capacity of every block held: mem_total_replication_buffers. */
    private long memory;

    ReplicationBuffer(ByteBufAllocator allocator, long backlogSize, long endOffset) {
        this.allocator = allocator;
        this.backlogSize = backlogSize;
        this.endOffset = endOffset;
    }

    /**
     * Appends the readable bytes of data (the caller keeps its buffer); true when a block was added, which is
     * when Redis checks the replicas' output buffer limits and trims the backlog.
     */
    boolean append(ByteBuf data) {
        int from = data.readerIndex();
        int left = data.readableBytes();
        boolean added = false;
        while (left > 0) {
            ReplicationBlock tail = count == 0 ? null : block(count - 1);
            if (tail == null || tail.used() == tail.capacity()) {
                tail = addBlock(left);
                added = true;
            }
            int n = Math.min(left, tail.capacity() - tail.used());
            tail.bytes.writeBytes(data, from, n);
            from += n;
            left -= n;
            endOffset += n;
        }
        return added;
    }

    /**
     * A block of at least 16 KB so that small writes share it, and at most a sixteenth of the backlog (when
     * that is larger) so that a big write does not make a block that stays whole for its last few bytes.
     */
    private ReplicationBlock addBlock(int wanted) {
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(backlogSize / 16, MIN_BLOCK_BYTES));
        int size = Math.min(Math.max(wanted, MIN_BLOCK_BYTES), limit);
        if (count == blocks.length) {
            blocks = unrolled(blocks.length * 2);
            head = 0;
        }
        ReplicationBlock b = new ReplicationBlock(endOffset + 1, allocator.directBuffer(size, size));
        blocks[(head + count) % blocks.length] = b;
        count++;
        memory += size;
        return b;
    }

    private ReplicationBlock[] unrolled(int length) {
        ReplicationBlock[] out = new ReplicationBlock[length];
        for (int i = 0; i < count; i++) {
            out[i] = block(i);
        }
        return out;
    }

    private ReplicationBlock block(int i) {
        return blocks[(head + i) % blocks.length];
    }

    long endOffset() {
        return endOffset;
    }

    /** repl_backlog_histlen: the bytes of history held, from the first block on. */
    long histlen() {
        return count == 0 ? 0 : endOffset + 1 - block(0).firstOffset();
    }

    long firstByteOffset() {
        return endOffset + 1 - histlen();
    }

    /** mem_total_replication_buffers: every block held, its unused room included, as Redis counts them. */
    long memory() {
        return memory;
    }

    /** True when a replica that needs the bytes from psyncOffset on can be served from here. */
    boolean covers(long psyncOffset) {
        return psyncOffset >= firstByteOffset() && psyncOffset <= endOffset + 1;
    }

    /**
     * The output buffer of a replica that still needs the stream from offset on, as Redis's
     * getClientOutputBufferMemoryUsage counts it: from the start of the block that holds that byte (the
     * last block once it has everything) to the end of the last block's capacity.
     */
    long bytesHeldFrom(long offset) {
        if (count == 0) {
            return 0;
        }
        ReplicationBlock last = block(count - 1);
        return last.firstOffset() + last.capacity() - block(indexOf(Math.min(offset, endOffset))).firstOffset();
    }

    /**
     * Writes the stream from offset on to out while it is writable, a slice of each block; returns the offset
     * of the first byte not written. The slices share the blocks' memory, which they keep until sent.
     */
    long writeFrom(long offset, WritableTarget out) {
        while (offset <= endOffset && out.writable()) {
            ReplicationBlock b = block(indexOf(offset));
            int from = (int) (offset - b.firstOffset());
            int n = b.used() - from;
            out.write(b.bytes.retainedSlice(from, n));
            offset += n;
        }
        return offset;
    }

    /** Where the stream goes: a replica's socket, which takes slices while it is writable. */
    interface WritableTarget {
        boolean writable();

        void write(ByteBuf slice);
    }

    /** The index of the block holding offset, which must be held. */
    private int indexOf(long offset) {
        int lo = 0;
        int hi = count - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (block(mid).firstOffset() <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * Redis's incrementalTrimReplicationBacklog: drops up to maxBlocks of the oldest blocks while the history
     * outgrows repl-backlog-size by more than a block, stopping at the first block a replica still needs
     * (oldestNeeded: the first offset some replica has still to send) and never dropping the last block.
     * Returns how many blocks were dropped.
     */
    int trim(long oldestNeeded, int maxBlocks) {
        int trimmed = 0;
        for (; trimmed < maxBlocks && count > 1; trimmed++) {
            ReplicationBlock first = block(0);
            if (first.nextOffset() > oldestNeeded || histlen() - first.capacity() <= backlogSize) {
                break;
            }
            blocks[head] = null;
            head = (head + 1) % blocks.length;
            count--;
            memory -= first.capacity();
            first.bytes.release();
        }
        return trimmed;
    }

    /** repl-backlog-size changed: takes effect as the buffer is trimmed (a larger one just keeps more). */
    void resize(long size) {
        backlogSize = size;
    }

    long backlogSize() {
        return backlogSize;
    }

    /** The stream held is renumbered to end at endOffset + by (a restarted master continuing its RDB's history). */
    void rebase(long by) {
        endOffset += by;
        for (int i = 0; i < count; i++) {
            block(i).rebase(by);
        }
    }

    /** Frees every block; slices still being sent keep theirs until sent. */
    void release() {
        for (int i = 0; i < count; i++) {
            block(i).bytes.release();
        }
        blocks = new ReplicationBlock[16];
        head = 0;
        count = 0;
        memory = 0;
    }
}
