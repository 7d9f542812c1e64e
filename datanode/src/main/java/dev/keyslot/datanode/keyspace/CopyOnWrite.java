package dev.keyslot.datanode.keyspace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Key-level copy-on-write for a point-in-time snapshot written by another thread (Java cannot fork).
 *
 * <p>Each snapshot gets a new epoch, and an entry's mark holds the epoch it was last touched in plus a state.
 * Starting a snapshot marks nothing: every entry whose mark is of an older epoch existed at the start and is
 * pending, and entries inserted afterwards are stamped with the new epoch ({@link #born}) so the snapshot
 * skips them. The snapshot thread claims a pending entry before reading it. Any keyspace path about to change
 * a pending entry in place calls {@link #beforeWrite}, which claims it for the command thread and leaves the
 * snapshot a copy of the old value and expiry; an entry the snapshot is reading at that moment is waited for
 * (one value's encoding). A pending entry that is removed keeps its value by reference: a removed entry is
 * never changed again (RENAME and MOVE look their key up for writing first, which copies it).
 *
 * <p>The entries reach the snapshot thread through a {@link SnapshotWalk}; duplicates are written once.
 * Only one snapshot runs at a time.
 */
public final class CopyOnWrite {
    private static final VarHandle MARK;
    private static final int DONE = 0;
    private static final int COPYING = 1;
    private static final int COPIED = 2;
    private static final int WRITING = 3;

    static {
        try {
            MARK = MethodHandles.lookup().findVarHandle(KeyEntry.class, "snapshotMark", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The old state of an entry changed while the snapshot had not yet written it. */
    public record Preserved(Object value, long expireAt, int lru) {
    }

    /** Epoch of the running snapshot; 0 when none (command thread only). */
    private int epoch;
    private int lastEpoch;
    private SnapshotWalk walk;
    /** True while a command flagged read-only runs: its lookups cannot change values. */
    private boolean readOnlyScope;
    private final Map<KeyEntry, Preserved> copies = new ConcurrentHashMap<>();
    /** Heap bytes of the copies made for the current snapshot (written by the command thread). */
    private volatile long copiedBytes;

    public boolean active() {
        return epoch != 0;
    }

    /**
     * Starts a snapshot of dbs as of now in constant time; the returned walk hands their entries to the
     * snapshot thread, collecting them on loop (the command thread) between commands, or at once when loop
     * is null.
     */
    public SnapshotWalk begin(Database[] dbs, ScheduledExecutorService loop) {
        if (epoch != 0) {
            throw new IllegalStateException("a snapshot is already running");
        }
        lastEpoch = lastEpoch == (1 << 29) ? 1 : lastEpoch + 1;
        epoch = lastEpoch;
        copies.clear();
        copiedBytes = 0;
        walk = new SnapshotWalk(this, dbs, epoch, loop);
        walk.start();
        return walk;
    }

    /** Ends the snapshot once its thread has stopped reading entries. */
    public void end() {
        if (walk != null) {
            walk.stop();
            walk = null;
        }
        epoch = 0;
        copies.clear();
    }

    /** Heap bytes of the values copied for the current (or last) snapshot. */
    public long copiedBytes() {
        return copiedBytes;
    }

    /** The executor says whether the running command may change values (read-only commands cannot). */
    public boolean enterScope(boolean readOnly) {
        boolean previous = readOnlyScope;
        readOnlyScope = readOnly;
        return previous;
    }

    public void leaveScope(boolean previous) {
        readOnlyScope = previous;
    }

    /** A lookup that may be followed by a change: guarded unless the running command is read-only. */
    void beforeLookupForWrite(KeyEntry e) {
        if (epoch != 0 && !readOnlyScope) {
            beforeWrite(e);
        }
    }

    /** Called on the command thread before e's value or expiry changes. */
    public void beforeWrite(KeyEntry e) {
        if (epoch != 0) {
            preserve(e, true);
        }
    }

    /** Command thread: e is about to enter a table; an entry new to this snapshot is not part of it. */
    void born(KeyEntry e) {
        if (epoch != 0 && (int) MARK.getOpaque(e) >>> 2 != epoch) {
            MARK.setRelease(e, stamp(DONE));
        }
    }

    /** Command thread: e leaves table; a walk that may not have reached it yet gets it directly. */
    void beforeRemove(Dict<KeyEntry> table, KeyEntry e) {
        if (epoch == 0) {
            return;
        }
        preserve(e, false);
        if ((int) MARK.getOpaque(e) == stamp(COPIED)) {
            walk.handOver(table, e);
        }
    }

    private void preserve(KeyEntry e, boolean copyValue) {
        int mark = (int) MARK.getAcquire(e);
        if (mark >>> 2 != epoch && MARK.compareAndSet(e, mark, stamp(COPYING))) {
            Object old = e.value;
            if (copyValue) {
                old = e.value instanceof byte[] bytes && e.ownsString() ? bytes.clone()
                        : e.value instanceof RedisValue v ? v.copy() : e.value;
                copiedBytes += EntrySize.of(e);
            }
            copies.put(e, new Preserved(old, e.expireAt, e.lru));
            MARK.setRelease(e, stamp(COPIED));
            return;
        }
        while ((int) MARK.getAcquire(e) == stamp(WRITING)) {
            Thread.onSpinWait();
        }
    }

    /** Command thread: whether the snapshot still has to write e (pending, or its copy not yet taken). */
    boolean unwritten(KeyEntry e) {
        int mark = (int) MARK.getOpaque(e);
        return mark >>> 2 != epoch || mark == stamp(COPIED);
    }

    private int stamp(int state) {
        return (epoch << 2) | state;
    }

    /**
     * Snapshot thread: claims a pending entry for reading; false when it is not pending (changed, written,
     * or new), and {@link #takeCopy} then says whether anything is left to write.
     */
    boolean claim(KeyEntry e, int snapshotEpoch) {
        int mark = (int) MARK.getAcquire(e);
        return mark >>> 2 != snapshotEpoch && MARK.compareAndSet(e, mark, (snapshotEpoch << 2) | WRITING);
    }

    /** Snapshot thread: done reading a claimed entry; the command thread may change it now. */
    void release(KeyEntry e, int snapshotEpoch) {
        MARK.setRelease(e, (snapshotEpoch << 2) | DONE);
    }

    /** Snapshot thread: the old state of an entry the command thread preserved, once; null when none is due. */
    Preserved takeCopy(KeyEntry e, int snapshotEpoch) {
        int mark;
        while ((mark = (int) MARK.getAcquire(e)) == ((snapshotEpoch << 2) | COPYING)) {
            Thread.onSpinWait();
        }
        if (mark != ((snapshotEpoch << 2) | COPIED)) {
            return null;
        }
        MARK.setRelease(e, (snapshotEpoch << 2) | DONE);
        return copies.remove(e);
    }
}
