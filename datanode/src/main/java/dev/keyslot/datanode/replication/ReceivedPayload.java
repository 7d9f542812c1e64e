package dev.keyslot.datanode.replication;

import io.netty.buffer.ByteBuf;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The snapshot of a full resync as the replica receives it: passed on to a parser as it arrives for a
 * diskless load, or written to a temporary file that becomes the RDB file once complete (repl-diskless-load
 * disabled), as Redis's readSyncBulkPayload does. The last bytes are kept aside to spot the end mark of a
 * diskless master.
 */
abstract class ReceivedPayload {
    private final byte[] tail;
    private int tailLength;
    long received;

    private ReceivedPayload(int tailSize) {
        this.tail = new byte[tailSize];
    }

    /** A payload parsed as it arrives: its bytes go down pipe to the parser thread. */
    static ReceivedPayload streamed(int tailSize, PayloadPipe pipe) {
        return new Streamed(tailSize, pipe);
    }

    /** A payload written to temp, which replaces target once complete. */
    static ReceivedPayload onDisk(int tailSize, Path temp, Path target) throws IOException {
        return new Disk(tailSize, temp, target);
    }

    /** Appends bytes (the payload takes over the buffer). */
    final void append(ByteBuf bytes) throws IOException {
        int n = bytes.readableBytes();
        int keep = Math.min(n, tail.length);
        int shift = Math.min(tailLength, tail.length - keep);
        System.arraycopy(tail, tailLength - shift, tail, 0, shift);
        bytes.getBytes(bytes.readerIndex() + n - keep, tail, shift, keep);
        tailLength = shift + keep;
        received += n;
        store(bytes);
    }

    /** True when the bytes received so far end with mark. */
    final boolean endsWith(byte[] mark) {
        if (tailLength < mark.length) {
            return false;
        }
        for (int i = 0; i < mark.length; i++) {
            if (tail[tailLength - mark.length + i] != mark[i]) {
                return false;
            }
        }
        return true;
    }

    abstract void store(ByteBuf bytes) throws IOException;

    /** All received; the last dropTail bytes (an end mark) are not part of it. */
    abstract void complete(int dropTail) throws IOException;

    /** True when the payload is loaded while it arrives, rather than once complete. */
    boolean streamed() {
        return false;
    }

    /** The payload to load (once complete, unless streamed); closing it releases the payload's memory. */
    abstract InputStream open() throws IOException;

    /** Gives up a payload that will not be loaded. */
    abstract void discard();

    private static final class Streamed extends ReceivedPayload {
        private final PayloadPipe pipe;

        Streamed(int tailSize, PayloadPipe pipe) {
            super(tailSize);
            this.pipe = pipe;
        }

        @Override
        boolean streamed() {
            return true;
        }

        @Override
        void store(ByteBuf b) {
            pipe.append(b);
        }

        /** The end mark went down the pipe too: the parser checks it after the image, as Redis does. */
        @Override
        void complete(int dropTail) {
            pipe.end();
        }

        @Override
        InputStream open() {
            return pipe;
        }

        @Override
        void discard() {
            pipe.fail("connection with the master lost during the transfer");
        }
    }

    private static final class Disk extends ReceivedPayload {
        private final Path temp;
        private final Path target;
        private final FileChannel channel;

        Disk(int tailSize, Path temp, Path target) throws IOException {
            super(tailSize);
            this.temp = temp;
            this.target = target;
            this.channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }

        @Override
        void store(ByteBuf b) throws IOException {
            try {
                while (b.isReadable()) {
                    b.readBytes(channel, b.readableBytes());
                }
            } finally {
                b.release();
            }
        }

        @Override
        void complete(int dropTail) throws IOException {
            try (FileChannel ch = channel) {
                ch.truncate(received - dropTail);
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        @Override
        InputStream open() throws IOException {
            return new BufferedInputStream(Files.newInputStream(target), 64 * 1024);
        }

        @Override
        void discard() {
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // A leftover temp file is harmless: the next transfer uses another name.
            }
        }
    }
}
