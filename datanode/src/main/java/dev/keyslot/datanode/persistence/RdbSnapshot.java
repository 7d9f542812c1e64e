package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.keyspace.CopyOnWrite;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.Keyspace;
import dev.keyslot.datanode.keyspace.SnapshotWalk;
import dev.keyslot.datanode.persistence.rdb.RdbValues;
import dev.keyslot.datanode.server.Server;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A point-in-time RDB of the whole keyspace, streamed to an OutputStream by a background thread while
 * commands go on changing the data (BGSAVE, a full resync, an AOF base). Starting it takes constant time: a
 * {@link SnapshotWalk} hands the entries over in small steps and {@link CopyOnWrite} keeps whatever changes
 * meanwhile at its old state until written. Only one snapshot runs at a time.
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
    /** The background snapshot's supply of entries; null for one written at once on the command thread. */
    private final SnapshotWalk walk;
    private final long totalKeys;
    private final long startedAtMillis;
    /** rdb-key-save-delay, in microseconds per key: Redis's tests use it to keep a save running for a while. */
    private final int keySaveDelayMicros;
    private volatile long keysWritten;
    private volatile boolean cancelled;

    private RdbSnapshot(Keyspace keyspace, RdbStreamWriter writer, SaveInfo info, SnapshotWalk walk,
                        int keySaveDelayMicros) {
        this.keyspace = keyspace;
        this.keySaveDelayMicros = keySaveDelayMicros;
        this.writer = writer;
        this.info = info;
        this.startedAtMillis = System.currentTimeMillis();
        this.walk = walk;
        this.totalKeys = keyspace.totalKeys();
    }

    /**
     * Starts a snapshot of the server's keyspace as of now; a background thread writes it to out and then
     * onDone runs on the command thread. Call on the command thread, when no other snapshot runs.
     */
    public static RdbSnapshot start(Server server, OutputStream out, SaveInfo info, Consumer<Result> onDone) {
        RdbStreamWriter writer = writerFor(server, out);
        long startNanos = System.nanoTime();
        Database[] dbs = info.withKeys() ? server.keyspace().all() : new Database[0];
        SnapshotWalk walk = server.keyspace().copyOnWrite().begin(dbs, server.eventLoop());
        RdbSnapshot snapshot = new RdbSnapshot(server.keyspace(), writer, info, walk,
                server.config().getInt("rdb-key-save-delay"));
        server.stats().latestSnapshotStartMicros = (System.nanoTime() - startNanos) / 1000;
        server.stats().snapshotsStarted++;
        Executor commandThread = server.eventLoop();
        Thread thread = new Thread(() -> {
            Result result;
            try {
                result = snapshot.write();
            } catch (Throwable t) {
                // Even an Error must reach the command thread: it ends copy-on-write and the save.
                result = snapshot.result(false, t.toString(), server.keyspace().copyOnWrite());
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
        // rdb-key-save-delay stalls the command thread here, as it stalls Redis's SAVE and SHUTDOWN.
        return new RdbSnapshot(server.keyspace(), writerFor(server, out), info, null,
                server.config().getInt("rdb-key-save-delay")).write();
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
        try {
            long now = System.currentTimeMillis();
            writer.header(info, now);
            SnapshotWalk.Visitor visitor = new SnapshotWalk.Visitor() {
                @Override
                public void database(int db, long keys, long volatileKeys) {
                    writer.selectDb(db, keys, volatileKeys);
                }

                @Override
                public void key(byte[] key, Object value, long expireAt, int lru) throws IOException {
                    writer.key(key, value, expireAt, lru, now);
                    keysWritten++;
                    writer.flushIfFull();
                    KeyDelay.afterKey(keySaveDelayMicros);
                }
            };
            if (walk != null) {
                walk.drain(visitor, () -> cancelled);
            } else if (info.withKeys()) {
                writeAll(visitor);
            }
            writer.finish();
            return result(true, null, cow);
        } catch (InterruptedIOException e) {
            return result(false, "cancelled", cow);
        } catch (IOException | RuntimeException e) {
            return result(false, e.toString(), cow);
        }
    }

    /** The whole keyspace as it is, on the command thread. */
    private void writeAll(SnapshotWalk.Visitor visitor) throws IOException {
        for (Database db : keyspace.all()) {
            if (db.size() == 0) {
                continue;
            }
            visitor.database(db.id(), db.size(), db.volatileCount());
            KeyEntry[] entries = new KeyEntry[db.size()];
            int[] n = {0};
            db.dict().forEach(e -> entries[n[0]++] = e);
            for (KeyEntry e : entries) {
                visitor.key(e.key, e.value, e.expireAt, e.lru);
            }
        }
    }

    private Result result(boolean success, String error, CopyOnWrite cow) {
        return new Result(success, cancelled, error, keysWritten, writer.bytesWritten(),
                walk == null ? 0 : cow.copiedBytes(), System.currentTimeMillis() - startedAtMillis);
    }
}
