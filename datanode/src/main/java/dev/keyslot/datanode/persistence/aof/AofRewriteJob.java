package dev.keyslot.datanode.persistence.aof;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One background AOF rewrite (Redis's rewrite child): writes a new base file from a snapshot into a temp
 * file of the AOF directory on its own thread, fsyncs it, then reports on the command thread.
 */
final class AofRewriteJob {
    /** With aof-rewrite-incremental-fsync the file is fsynced every 4 MB (REDIS_AUTOSYNC_BYTES). */
    private static final long AUTOSYNC_BYTES = 4L * 1024 * 1024;

    private final AofDirectory dir;
    private final KeyspaceSnapshot snapshot;
    private final String tempName;
    private final boolean incrementalFsync;
    private final BaseFactory base;
    private final long startedAtMillis = System.currentTimeMillis();
    private Thread thread;
    private volatile String error;

    /** @param base creates the base writer (RDB or commands) over the file's stream */
    AofRewriteJob(AofDirectory dir, KeyspaceSnapshot snapshot, String tempName, boolean incrementalFsync,
                  BaseFactory base) {
        this.dir = dir;
        this.snapshot = snapshot;
        this.tempName = tempName;
        this.incrementalFsync = incrementalFsync;
        this.base = base;
    }

    /** Opens a base writer over the temp file's stream. */
    @FunctionalInterface
    interface BaseFactory {
        BaseWriter open(OutputStream out) throws IOException;
    }

    /** Writes the file on a thread of its own; onDone then runs on the command thread. */
    void start(Executor commandThread, Consumer<AofRewriteJob> onDone) {
        thread = new Thread(() -> {
            run();
            commandThread.execute(() -> {
                snapshot.end();
                onDone.accept(this);
            });
        }, "keyslot-aof-rewrite");
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes the file on the calling thread (the base of an empty AOF at startup). */
    void runHere() {
        run();
        snapshot.end();
    }

    String tempName() {
        return tempName;
    }

    long startedAtMillis() {
        return startedAtMillis;
    }

    /** Null after success; why it failed otherwise. */
    String error() {
        return error;
    }

    long copiedBytes() {
        return snapshot.copiedBytes();
    }

    /** Stops the rewrite and waits for its thread (Redis's killAppendOnlyChild); the temp file is removed. */
    void kill() {
        snapshot.cancel();
        // Ends an rdb-key-save-delay sleep at once.
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dir.deleteQuietly(tempName);
    }

    private void run() {
        try (FileChannel ch = FileChannel.open(dir.file(tempName), StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new SyncingOutput(ch, incrementalFsync);
            BaseWriter writer = base.open(out);
            snapshot.writeTo(writer);
            writer.finish();
            out.flush();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    /** A buffered stream to the temp file that fsyncs as it goes when asked to, so the final fsync is short. */
    private static final class SyncingOutput extends OutputStream {
        private final FileChannel ch;
        private final boolean incrementalFsync;
        private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        private long unsynced;

        SyncingOutput(FileChannel ch, boolean incrementalFsync) {
            this.ch = ch;
            this.incrementalFsync = incrementalFsync;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buf.hasRemaining()) {
                flush();
            }
            buf.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (!buf.hasRemaining()) {
                    flush();
                }
                int n = Math.min(len, buf.remaining());
                buf.put(b, off, n);
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            buf.flip();
            unsynced += buf.remaining();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
            if (incrementalFsync && unsynced >= AUTOSYNC_BYTES) {
                ch.force(false);
                unsynced = 0;
            }
        }
    }
}
