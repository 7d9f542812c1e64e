package dev.keyslot.datanode.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The replication backlog: the last repl-backlog-size bytes of the replication stream in a ring, so a
 * replica that lost its link can continue from its offset (+CONTINUE) instead of a full resync. Offsets
 * follow Redis: the stream's bytes are numbered from 1 and {@link #endOffset} is the number of the last one.
 */
final class Backlog {
    /** The smallest repl-backlog-size CONFIG SET keeps, as Redis's CONFIG_REPL_BACKLOG_MIN_SIZE. */
    static final long MIN_SIZE = 16 * 1024;

    private byte[] ring;
    private int writeIndex;
    private long histlen;
    private long endOffset;

    Backlog(long size, long endOffset) {
        this.ring = new byte[(int) Math.min(size, Integer.MAX_VALUE - 8)];
        this.endOffset = endOffset;
    }

    void append(ByteBuf data) {
        int n = data.readableBytes();
        int from = data.readerIndex();
        endOffset += n;
        if (n >= ring.length) {
            data.getBytes(from + n - ring.length, ring, 0, ring.length);
            writeIndex = 0;
            histlen = ring.length;
            return;
        }
        int first = Math.min(n, ring.length - writeIndex);
        data.getBytes(from, ring, writeIndex, first);
        data.getBytes(from + first, ring, 0, n - first);
        writeIndex = (writeIndex + n) % ring.length;
        histlen = Math.min(ring.length, histlen + n);
    }

    long size() {
        return ring.length;
    }

    long histlen() {
        return histlen;
    }

    long endOffset() {
        return endOffset;
    }

    long firstByteOffset() {
        return endOffset - histlen + 1;
    }

    /** True when a replica that needs the bytes from psyncOffset on can be served from here. */
    boolean covers(long psyncOffset) {
        return psyncOffset >= firstByteOffset() && psyncOffset <= endOffset + 1;
    }

    /** The stream from psyncOffset to the end; {@link #covers} must hold. */
    ByteBuf copyFrom(long psyncOffset) {
        int n = (int) (endOffset + 1 - psyncOffset);
        byte[] out = new byte[n];
        int start = Math.floorMod(writeIndex - n, ring.length);
        int first = Math.min(n, ring.length - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, n - first);
        return Unpooled.wrappedBuffer(out);
    }

    /** The stream held is renumbered to end at endOffset + by (a restarted master continuing its RDB's history). */
    void rebase(long by) {
        endOffset += by;
    }

    /** repl-backlog-size changed: keeps as much of the newest history as fits. */
    void resize(long size) {
        int newLength = (int) Math.min(size, Integer.MAX_VALUE - 8);
        if (newLength == ring.length) {
            return;
        }
        int keep = (int) Math.min(histlen, newLength);
        ByteBuf tail = keep == 0 ? Unpooled.EMPTY_BUFFER : copyFrom(endOffset + 1 - keep);
        ring = new byte[newLength];
        writeIndex = 0;
        histlen = 0;
        endOffset -= keep;
        append(tail);
    }
}
