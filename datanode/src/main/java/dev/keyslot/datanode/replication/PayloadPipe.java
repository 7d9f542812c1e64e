package dev.keyslot.datanode.replication;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * The bytes of a full-sync payload on their way from the master's socket (the command thread appends them)
 * to the thread that parses them while they arrive (it blocks until they do). Beyond HIGH_WATER bytes held,
 * the link is told to stop reading the socket until the parser has caught up (LOW_WATER), so a payload costs
 * a bounded amount of memory whatever its size.
 */
final class PayloadPipe extends InputStream {
    private static final long HIGH_WATER = 4L << 20;
    private static final long LOW_WATER = 1L << 20;

    /** The link's reading of the socket, paused on the command thread and resumed from the parser thread. */
    interface Flow {
        void pause();

        void resume();
    }

    private final Flow flow;
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private long buffered;
    private boolean paused;
    private boolean ended;
    private String failure;

    PayloadPipe(Flow flow) {
        this.flow = flow;
    }

    /** Adds bytes (the pipe takes over the buffer); may pause the link. */
    void append(ByteBuf bytes) {
        boolean pause;
        synchronized (this) {
            if (ended || failure != null) {
                bytes.release();
                return;
            }
            chunks.add(bytes);
            buffered += bytes.readableBytes();
            pause = !paused && buffered >= HIGH_WATER;
            paused |= pause;
            notifyAll();
        }
        if (pause) {
            flow.pause();
        }
    }

    /** Every byte was appended: the reader sees the end of the stream after them. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The payload will not complete: the reader gets an IOException saying why, the bytes held are freed. */
    synchronized void fail(String why) {
        if (failure == null) {
            failure = why;
        }
        ByteBuf b;
        while ((b = chunks.poll()) != null) {
            b.release();
        }
        buffered = 0;
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n;
        boolean resume;
        synchronized (this) {
            while (chunks.isEmpty() && !ended && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the master's payload");
                }
            }
            if (failure != null) {
                throw new IOException(failure);
            }
            if (chunks.isEmpty()) {
                return -1;
            }
            ByteBuf head = chunks.peek();
            n = Math.min(len, head.readableBytes());
            head.readBytes(b, off, n);
            if (!head.isReadable()) {
                chunks.poll().release();
            }
            buffered -= n;
            resume = paused && buffered <= LOW_WATER;
            paused &= !resume;
        }
        if (resume) {
            flow.resume();
        }
        return n;
    }

    /** The reader is done with the payload (loaded or given up): anything still held is freed. */
    @Override
    public void close() {
        fail("the payload was closed");
    }
}
