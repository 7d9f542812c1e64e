package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.server.Log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Redis's BIO_AOF_FSYNC thread: fsyncs (and closes replaced files) off the command thread, so appendfsync
 * everysec never blocks commands on the disk. Its last outcome is the AOF's fsync status.
 */
final class BackgroundFsync {
    private final Log log;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "keyslot-aof-fsync");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger pending = new AtomicInteger();
    private volatile String lastError;

    BackgroundFsync(Log log) {
        this.log = log;
    }

    /** Jobs queued or running: aof_pending_bio_fsync. */
    int pending() {
        return pending.get();
    }

    /** The error of the last failed fsync, null once one succeeds again. */
    String lastError() {
        return lastError;
    }

    void clearError() {
        lastError = null;
    }

    void fsync(FileChannel ch) {
        submit(ch, false);
    }

    /** Fsyncs a file that is no longer appended to, then closes it. */
    void fsyncAndClose(FileChannel ch) {
        submit(ch, true);
    }

    private void submit(FileChannel ch, boolean close) {
        pending.incrementAndGet();
        thread.execute(() -> {
            try {
                ch.force(false);
                lastError = null;
            } catch (IOException e) {
                if (ch.isOpen()) {
                    lastError = e.getMessage();
                    log.warning("Fail to fsync the AOF file: " + e.getMessage());
                }
            } finally {
                if (close) {
                    closeQuietly(ch);
                }
                pending.decrementAndGet();
            }
        });
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Closing a file whose data has been synced: nothing is lost.
        }
    }

    /** Waits (a bounded time) until the queued jobs are done, at shutdown. */
    void awaitIdle() {
        long deadline = System.currentTimeMillis() + 10_000;
        while (pending.get() > 0 && System.currentTimeMillis() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }
}
