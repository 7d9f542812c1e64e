package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.server.LatencyMonitor;
import dev.keyslot.datanode.server.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Appends the write stream to the current incr file, as Redis's feedAppendOnlyFile and flushAppendOnlyFile:
 * commands collect in a buffer on the command thread (with a SELECT when the database changes and, with
 * aof-timestamp-enabled, a "#TS:" annotation when the second changes) and reach the file in one write per
 * event-loop pass, before the replies. appendfsync always fsyncs right after that write; everysec hands the
 * fsync to {@link BackgroundFsync} at most once a second; no leaves it to the kernel.
 */
final class AofWriter {
    /** Retry logging of a failing write at most this often. */
    private static final long WRITE_ERROR_LOG_SECONDS = 30;

    private final Log log;
    private final LatencyMonitor latency;
    private final BackgroundFsync backgroundFsync;
    private final AofBuffer buffer = new AofBuffer();
    /** True while a background rewrite or save runs (no-appendfsync-on-rewrite). */
    private final BooleanSupplier backgroundJobRunning;

    private FileChannel file;
    private int selectedDb = -1;
    private long currentTimestamp;

    // Redis's aof_* bookkeeping, with the same meaning.
    long currentSize;
    long lastIncrSize;
    private long lastIncrFsyncOffset;
    private long lastFsyncSecond = System.currentTimeMillis() / 1000;
    private long flushPostponedSince;
    long delayedFsyncs;
    private String lastWriteError;
    private long lastWriteErrorLogSecond;

    // Settings, refreshed from the configuration.
    String fsyncPolicy = "everysec";
    boolean noFsyncOnRewrite;
    boolean timestamps;
    /** DEBUG AOF-FLUSH-SLEEP: a pause before each write of the buffer, for tests of a slow disk. */
    long flushSleepMicros;

    AofWriter(Log log, LatencyMonitor latency, BackgroundFsync backgroundFsync, BooleanSupplier backgroundJobRunning) {
        this.log = log;
        this.latency = latency;
        this.backgroundFsync = backgroundFsync;
        this.backgroundJobRunning = backgroundJobRunning;
    }

    boolean isOpen() {
        return file != null;
    }

    int bufferedBytes() {
        return buffer.length();
    }

    /** Null while writes succeed; the error text otherwise (INFO aof_last_write_status, MISCONF). */
    String lastWriteError() {
        return lastWriteError;
    }

    void clearWriteError() {
        lastWriteError = null;
    }

    /** The next command gets a SELECT (a new file, or a rewrite that restarts the stream). */
    void forgetSelectedDb() {
        selectedDb = -1;
    }

    /** Adds a command of the write stream to the buffer. */
    void feed(int db, byte[][] argv) {
        if (timestamps) {
            long now = System.currentTimeMillis() / 1000;
            if (currentTimestamp < now) {
                currentTimestamp = now;
                buffer.appendAscii("#TS:" + now + "\r\n");
            }
        }
        if (db != selectedDb) {
            String id = Integer.toString(db);
            buffer.appendAscii("*2\r\n$6\r\nSELECT\r\n$" + id.length() + "\r\n" + id + "\r\n");
            selectedDb = db;
        }
        buffer.appendCommand(argv);
    }

    /** Drops what is buffered (a rewrite that would have carried it failed; AOF switched off). */
    void discardBuffer() {
        buffer.clear();
    }

    /** Starts appending to file, which holds size bytes already; the previous file is fsynced and closed in the background. */
    void switchTo(FileChannel next, long size) {
        if (file != null) {
            backgroundFsync.fsyncAndClose(file);
            lastFsyncSecond = System.currentTimeMillis() / 1000;
        }
        file = next;
        lastIncrSize = size;
        lastIncrFsyncOffset = size;
    }

    /** Writes the buffer, then fsyncs per the policy (Redis's flushAppendOnlyFile). */
    void flush(boolean force) {
        if (file == null) {
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        boolean syncInProgress = false;
        if (buffer.isEmpty()) {
            // Nothing new, but what was written without an fsync still needs one.
            boolean unsynced = lastIncrFsyncOffset != lastIncrSize;
            if (fsyncPolicy.equals("everysec") && unsynced && now > lastFsyncSecond
                    && backgroundFsync.pending() == 0) {
                fsync(now, false);
            } else if (fsyncPolicy.equals("always") && unsynced) {
                fsync(now, false);
            }
            return;
        }
        if (fsyncPolicy.equals("everysec")) {
            syncInProgress = backgroundFsync.pending() > 0;
            if (syncInProgress && !force) {
                // A write would wait behind the running fsync anyway: postpone it, up to two seconds.
                if (flushPostponedSince == 0) {
                    flushPostponedSince = now;
                    return;
                } else if (now - flushPostponedSince < 2) {
                    return;
                }
                delayedFsyncs++;
                log.notice("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer "
                        + "without waiting for fsync to complete, this may slow down Redis.");
            }
        }
        if (flushSleepMicros > 0) {
            LockSupport.parkNanos(flushSleepMicros * 1000);
        }
        if (!write(now)) {
            return;
        }
        fsync(now, syncInProgress);
    }

    /** One write of the whole buffer; false when it failed (the buffer is kept for a retry). */
    private boolean write(long now) {
        long start = System.nanoTime();
        int total = buffer.length();
        ByteBuffer view = buffer.view();
        try {
            while (view.hasRemaining()) {
                file.write(view);
            }
        } catch (IOException e) {
            writeFailed(now, total - view.remaining(), e);
            return false;
        } finally {
            latency.record("aof-write", (System.nanoTime() - start) / 1_000_000);
        }
        flushPostponedSince = 0;
        if (lastWriteError != null) {
            log.warning("AOF write error looks solved, Redis can write again.");
            lastWriteError = null;
        }
        currentSize += total;
        lastIncrSize += total;
        buffer.clear();
        return true;
    }

    private void writeFailed(long now, int written, IOException e) {
        flushPostponedSince = 0;
        boolean canLog = now - lastWriteErrorLogSecond > WRITE_ERROR_LOG_SECONDS;
        if (canLog) {
            lastWriteErrorLogSecond = now;
            log.warning("Error writing to the AOF file: " + e.getMessage());
        }
        lastWriteError = e.getMessage() == null ? "I/O error" : e.getMessage();
        if (fsyncPolicy.equals("always")) {
            // The replies of the commands in the buffer are about to be sent and the dataset cannot roll back:
            // the only way to keep the promise that acknowledged writes are on disk is to stop.
            log.warning("Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...");
            System.exit(1);
        }
        if (written > 0) {
            try {
                file.truncate(lastIncrSize);
                file.position(lastIncrSize);
            } catch (IOException truncateFailed) {
                if (canLog) {
                    log.warning("Could not remove short write from the append-only file.  Redis may refuse to load "
                            + "the AOF the next time it starts.  ftruncate: " + truncateFailed.getMessage());
                }
                currentSize += written;
                lastIncrSize += written;
                buffer.consume(written);
            }
        }
    }

    private void fsync(long now, boolean syncInProgress) {
        if (noFsyncOnRewrite && backgroundJobRunning.getAsBoolean()) {
            return;
        }
        if (fsyncPolicy.equals("always")) {
            long start = System.nanoTime();
            try {
                file.force(false);
            } catch (IOException e) {
                log.warning("Can't persist AOF for fsync error when the AOF fsync policy is 'always': "
                        + e.getMessage() + ". Exiting...");
                System.exit(1);
            }
            latency.record("aof-fsync-always", (System.nanoTime() - start) / 1_000_000);
            lastIncrFsyncOffset = lastIncrSize;
            lastFsyncSecond = now;
        } else if (fsyncPolicy.equals("everysec") && now > lastFsyncSecond) {
            if (!syncInProgress) {
                backgroundFsync.fsync(file);
                lastIncrFsyncOffset = lastIncrSize;
            }
            lastFsyncSecond = now;
        }
    }

    /** A postponed write is retried from the cron, and so is a failed one (Redis retries every second). */
    boolean wantsRetry() {
        return flushPostponedSince != 0 || lastWriteError != null;
    }

    /** Writes everything and fsyncs (shutdown, and before closing). */
    void flushAndSync() {
        if (file == null) {
            return;
        }
        flush(true);
        try {
            file.force(false);
            lastFsyncSecond = System.currentTimeMillis() / 1000;
            lastIncrFsyncOffset = lastIncrSize;
        } catch (IOException e) {
            log.warning("Fail to fsync the AOF file: " + e.getMessage());
        }
    }

    /** Writes everything, fsyncs and closes the file (AOF switched off). */
    void close() {
        if (file == null) {
            return;
        }
        flushAndSync();
        try {
            file.close();
        } catch (IOException e) {
            log.warning("Can't close the AOF file: " + e.getMessage());
        }
        file = null;
        selectedDb = -1;
        lastIncrSize = 0;
        lastIncrFsyncOffset = 0;
        buffer.clear();
    }
}
