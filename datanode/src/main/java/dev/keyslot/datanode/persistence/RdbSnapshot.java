package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.keyspace.CopyOnWrite;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.Keyspace;
import dev.keyslot.datanode.persistence.rdb.RdbValues;
import dev.keyslot.datanode.server.Server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A point-in-time RDB of the whole keyspace, streamed to an OutputStream by a background thread while
 * commands go on changing the data (BGSAVE, a full resync, an AOF base). Starting it captures the entries of
 * every database on the command thread (references only); {@link CopyOnWrite} then keeps whatever changes
 * afterwards at its old state until written. Only one snapshot runs at a time.
 *
 * <p>The stream is flushed but not closed; the completion callback runs on the command thread.
 */
public final class RdbSnapshot {
    /** How a snapshot ended. copiedBytes is the heap the copy-on-write copies took (Redis's COW size). */
    public record Result(boolean success, boolean cancelled, String error, long keys, long bytes,
                         long copiedBytes, long millis) {
    }

    private final Keyspace keyspace;
    private final RdbStreamWriter writer;
    private final SaveInfo info;
    private final KeyEntry[][] captured;
    private final long[] volatileCounts;
    private final long totalKeys;
    private final long startedAtMillis;
    private volatile long keysWritten;
    private volatile boolean cancelled;
    private final int epoch;

    private RdbSnapshot(Keyspace keyspace, RdbStreamWriter writer, SaveInfo info, boolean copyOnWrite) {
        this.keyspace = keyspace;
        this.writer = writer;
        this.info = info;
        this.startedAtMillis = System.currentTimeMillis();
        CopyOnWrite cow = keyspace.copyOnWrite();
        if (copyOnWrite) {
            cow.begin();
        }
        this.epoch = copyOnWrite ? cow.epoch() : 0;
        Database[] dbs = keyspace.all();
        captured = new KeyEntry[dbs.length][];
        volatileCounts = new long[dbs.length];
        long total = 0;
        for (int i = 0; i < dbs.length; i++) {
            KeyEntry[] entries = new KeyEntry[dbs[i].size()];
            int[] n = {0};
            dbs[i].dict().forEach(e -> {
                if (copyOnWrite) {
                    cow.capture(e);
                }
                entries[n[0]++] = e;
            });
            captured[i] = entries;
            volatileCounts[i] = dbs[i].volatileCount();
            total += entries.length;
        }
        totalKeys = total;
    }

    /**
     * Starts a snapshot of the server's keyspace as of now; a background thread writes it to out and then
     * onDone runs on the command thread. Call on the command thread, when no other snapshot runs.
     */
    public static RdbSnapshot start(Server server, OutputStream out, SaveInfo info, Consumer<Result> onDone) {
        RdbStreamWriter writer = writerFor(server, out);
        long startNanos = System.nanoTime();
        RdbSnapshot snapshot = new RdbSnapshot(server.keyspace(), writer, info, true);
        server.stats().latestSnapshotStartMicros = (System.nanoTime() - startNanos) / 1000;
        server.stats().snapshotsStarted++;
        Executor commandThread = server.eventLoop();
        Thread thread = new Thread(() -> {
            Result result;
            try {
                result = snapshot.write();
            } catch (Throwable t) {
                // Even an Error must reach the command thread: it ends copy-on-write and the save.
                result = snapshot.result(false, t.toString(), snapshot.keysWritten, server.keyspace().copyOnWrite());
            }
            Result outcome = result;
            commandThread.execute(() -> {
                server.keyspace().copyOnWrite().end();
                onDone.accept(outcome);
            });
        }, "rdb-snapshot");
        thread.setDaemon(true);
        thread.start();
        return snapshot;
    }

    /** Writes the keyspace to out on the calling thread, the command thread (SAVE, SHUTDOWN, DEBUG RELOAD). */
    public static Result writeNow(Server server, OutputStream out, SaveInfo info) {
        return new RdbSnapshot(server.keyspace(), writerFor(server, out), info, false).write();
    }

    private static RdbStreamWriter writerFor(Server server, OutputStream out) {
        return new RdbStreamWriter(out, RdbOptions.of(server.config()), RdbValues.standard(server.config()),
                server.keyspace().access());
    }

    /** Asks the writing thread to stop early (FLUSHALL during BGSAVE); the result then says cancelled. */
    public void cancel() {
        cancelled = true;
    }

    public long keysTotal() {
        return totalKeys;
    }

    public long keysWritten() {
        return keysWritten;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    private Result write() {
        CopyOnWrite cow = keyspace.copyOnWrite();
        long written = 0;
        try {
            long now = System.currentTimeMillis();
            writer.header(info, now);
            for (int db = 0; db < captured.length && !cancelled; db++) {
                KeyEntry[] entries = captured[db];
                if (entries.length == 0) {
                    continue;
                }
                writer.selectDb(db, entries.length, volatileCounts[db]);
                for (int i = 0; i < entries.length && !cancelled; i++) {
                    writeEntry(cow, entries[i], now);
                    entries[i] = null;
                    keysWritten = ++written;
                    writer.flushIfFull();
                }
            }
            if (cancelled) {
                return result(false, "cancelled", written, cow);
            }
            writer.finish();
            return result(true, null, written, cow);
        } catch (IOException | RuntimeException e) {
            return result(false, e.toString(), written, cow);
        }
    }

    private void writeEntry(CopyOnWrite cow, KeyEntry e, long now) {
        if (epoch == 0 || cow.claim(e, epoch)) {
            try {
                writer.key(e.key, e.value, e.expireAt, e.lru, now);
            } finally {
                if (epoch != 0) {
                    cow.release(e, epoch);
                }
            }
        } else {
            CopyOnWrite.Preserved old = cow.awaitCopy(e);
            writer.key(e.key, old.value(), old.expireAt(), old.lru(), now);
        }
    }

    private Result result(boolean success, String error, long keys, CopyOnWrite cow) {
        return new Result(success, cancelled, error, keys, writer.bytesWritten(),
                epoch == 0 ? 0 : cow.copiedBytes(), System.currentTimeMillis() - startedAtMillis);
    }
}
