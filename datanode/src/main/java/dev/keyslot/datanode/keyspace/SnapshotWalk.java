package dev.keyslot.datanode.keyspace;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Hands a snapshot thread the entries that existed when the snapshot started, without stopping the command
 * thread to collect them (the stall fork's page-table copy is in Redis): between commands the command thread
 * walks each table a few buckets at a time with SCAN's cursor, so growth and rehashing lose nothing, and
 * queues chunks of references. An entry removed before the walk reached it is queued at removal instead.
 * The walk follows the tables the databases had at the start, not the databases: SWAPDB moves tables and a
 * flush detaches them, and each is still written under the database it belonged to.
 */
public final class SnapshotWalk {
    /** Where the snapshot thread sends what it reads, database by database. */
    public interface Visitor {
        void database(int db, long keys, long volatileKeys) throws IOException;

        /** One key: its value (byte[] or a RedisValue), expiry (-1 for none) and LRU/LFU field. */
        void key(byte[] key, Object value, long expireAt, int lru) throws IOException;
    }

    private record Chunk(int db, KeyEntry[] entries, int size) {
    }

    private static final Chunk END = new Chunk(-1, new KeyEntry[0], 0);
    /** One step's work stays well under a millisecond. */
    private static final int ENTRIES_PER_STEP = 1000;
    private static final int BUCKETS_PER_STEP = 4000;

    private final CopyOnWrite cow;
    private final int epoch;
    private final ScheduledExecutorService loop;
    private final List<Dict<KeyEntry>> tables = new ArrayList<>();
    private final long[] sizes;
    private final long[] volatileSizes;
    private final long totalKeys;
    private final List<List<KeyEntry>> handedOver = new ArrayList<>();
    private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    private int db;
    private long cursor;
    private KeyEntry[] buffer = new KeyEntry[ENTRIES_PER_STEP];
    private int buffered;
    private boolean walked;
    private boolean stopped;

    SnapshotWalk(CopyOnWrite cow, Database[] dbs, int epoch, ScheduledExecutorService loop) {
        this.cow = cow;
        this.epoch = epoch;
        this.loop = loop;
        sizes = new long[dbs.length];
        volatileSizes = new long[dbs.length];
        long total = 0;
        for (int i = 0; i < dbs.length; i++) {
            tables.add(dbs[i].dict());
            handedOver.add(new ArrayList<>());
            sizes[i] = dbs[i].size();
            volatileSizes[i] = dbs[i].volatileCount();
            total += sizes[i];
        }
        totalKeys = total;
    }

    /** Keys in the snapshot. */
    public long totalKeys() {
        return totalKeys;
    }

    /** Walks between commands on loop; without a loop, all at once on the calling thread. */
    void start() {
        if (loop == null) {
            while (!walked && !stopped) {
                step();
            }
        } else {
            loop.execute(this::stepAndContinue);
        }
    }

    private void stepAndContinue() {
        step();
        if (!walked && !stopped) {
            loop.schedule(this::stepAndContinue, 0, TimeUnit.NANOSECONDS);
        }
    }

    void stop() {
        stopped = true;
    }

    /** One bounded slice of the walk on the command thread. */
    private void step() {
        if (stopped) {
            return;
        }
        flushHandedOver();
        int buckets = 0;
        while (db < tables.size() && buffered < ENTRIES_PER_STEP && buckets < BUCKETS_PER_STEP) {
            cursor = tables.get(db).scan(cursor, this::collect);
            buckets++;
            if (cursor == 0) {
                emit();
                db++;
            }
        }
        emit();
        if (db == tables.size()) {
            walked = true;
            queue.add(END);
        }
    }

    private void collect(KeyEntry e) {
        if (cow.unwritten(e)) {
            if (buffered == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffered * 2);
            }
            buffer[buffered++] = e;
        }
    }

    private void emit() {
        if (buffered > 0) {
            queue.add(new Chunk(db, buffer, buffered));
            buffer = new KeyEntry[ENTRIES_PER_STEP];
            buffered = 0;
        }
    }

    private void flushHandedOver() {
        for (int i = 0; i < handedOver.size(); i++) {
            List<KeyEntry> list = handedOver.get(i);
            if (!list.isEmpty()) {
                queue.add(new Chunk(i, list.toArray(new KeyEntry[0]), list.size()));
                list.clear();
            }
        }
    }

    /** Command thread: e leaves table and the snapshot still has to write it. */
    void handOver(Dict<KeyEntry> table, KeyEntry e) {
        if (walked) {
            return;
        }
        int index = tables.indexOf(table);
        if (index >= 0) {
            handedOver.get(index).add(e);
        }
    }

    /**
     * Snapshot thread: sends every entry of the snapshot, as of its start, to visitor, announcing each
     * database before its keys (a database may come back after another one). Returns when all are sent;
     * throws InterruptedIOException once cancelled says so.
     */
    public void drain(Visitor visitor, BooleanSupplier cancelled) throws IOException {
        int current = -1;
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw new InterruptedIOException("snapshot cancelled");
            }
            Chunk chunk;
            try {
                chunk = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("snapshot interrupted");
            }
            if (chunk == END) {
                return;
            }
            if (chunk == null) {
                continue;
            }
            for (int i = 0; i < chunk.size(); i++) {
                if (cancelled.getAsBoolean()) {
                    throw new InterruptedIOException("snapshot cancelled");
                }
                KeyEntry e = chunk.entries()[i];
                chunk.entries()[i] = null;
                if (cow.claim(e, epoch)) {
                    try {
                        current = announce(visitor, chunk.db(), current);
                        visitor.key(e.key, e.value, e.expireAt, e.lru);
                    } finally {
                        cow.release(e, epoch);
                    }
                } else {
                    CopyOnWrite.Preserved old = cow.takeCopy(e, epoch);
                    if (old != null) {
                        current = announce(visitor, chunk.db(), current);
                        visitor.key(e.key, old.value(), old.expireAt(), old.lru());
                    }
                }
            }
        }
    }

    private int announce(Visitor visitor, int db, int current) throws IOException {
        if (db != current) {
            visitor.database(db, sizes[db], volatileSizes[db]);
        }
        return db;
    }
}
