package dev.keyslot.datanode.replication;

import io.netty.buffer.ByteBuf;

/** One block of the shared replication buffer: a fixed capacity, filled once, then only read. */
final class ReplicationBlock {
    /** The stream offset of the block's first byte. */
    private long firstOffset;
    final ByteBuf bytes;

    ReplicationBlock(long firstOffset, ByteBuf bytes) {
        this.firstOffset = firstOffset;
        this.bytes = bytes;
    }

    long firstOffset() {
        return firstOffset;
    }

    /** The offset of the byte the block would take next: just past its last byte written so far. */
    long nextOffset() {
        return firstOffset + used();
    }

    int used() {
        return bytes.writerIndex();
    }

    int capacity() {
        return bytes.capacity();
    }

    void rebase(long by) {
        firstOffset += by;
    }
}
