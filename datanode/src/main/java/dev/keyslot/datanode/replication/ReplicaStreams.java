package dev.keyslot.datanode.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A diskless snapshot's destination: the snapshot thread writes the RDB here and every chunk goes to each
 * replica socket still open, waiting while a socket's buffer is full so a slow replica holds the snapshot
 * back instead of filling memory. Replicas that disconnect are skipped; with none left the snapshot fails.
 */
final class ReplicaStreams extends OutputStream {
    private static final int CHUNK = 64 * 1024;

    private final List<Channel> channels;
    private final byte[] buffer = new byte[CHUNK];
    private int buffered;

    ReplicaStreams(List<Channel> channels) {
        this.channels = channels;
    }

    @Override
    public void write(int b) throws IOException {
        if (buffered == CHUNK) {
            send();
        }
        buffer[buffered++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (buffered == CHUNK) {
                send();
            }
            int n = Math.min(len, CHUNK - buffered);
            System.arraycopy(b, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        send();
    }

    private void send() throws IOException {
        if (buffered == 0) {
            return;
        }
        ByteBuf chunk = Unpooled.wrappedBuffer(Arrays.copyOf(buffer, buffered));
        buffered = 0;
        boolean delivered = false;
        try {
            for (Channel ch : channels) {
                while (ch.isActive() && !ch.isWritable()) {
                    LockSupport.parkNanos(200_000);
                }
                if (ch.isActive()) {
                    ch.writeAndFlush(chunk.retainedDuplicate(), ch.voidPromise());
                    delivered = true;
                }
            }
        } finally {
            chunk.release();
        }
        if (!delivered) {
            throw new IOException("every replica of this transfer disconnected");
        }
    }
}
