package dev.keyslot.datanode.keyspace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Key-level copy-on-write for a point-in-time snapshot written by another thread (Java cannot fork).
 *
 * <p>When a snapshot starts, the command thread marks every entry it captures as pending. The snapshot
 * thread then claims each entry before reading it and marks it written afterwards. Any keyspace path that is
 * about to change a pending entry in place calls {@link #beforeWrite}, which claims it for the command thread
 * and hands the snapshot a copy of the old value and expiry. An entry the snapshot is reading at that
 * moment is waited for (one value's encoding). Written entries and entries created after the start need
 * nothing; deleting an entry needs nothing either, because a removed entry is never changed again.
 *
 * <p>Only one snapshot runs at a time. Each gets a new epoch, so marks left by an earlier one mean nothing.
 */
public final class CopyOnWrite {
    private static final VarHandle MARK;
    private static final int PENDING = 1;
    private static final int WRITING = 2;
    private static final int DONE = 3;

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
    /** True while a command flagged read-only runs: its lookups cannot change values. */
    private boolean readOnlyScope;
    private final Map<KeyEntry, Preserved> copies = new ConcurrentHashMap<>();
    /** Heap bytes of the copies made for the current snapshot (written by the command thread). */
    private volatile long copiedBytes;

    public boolean active() {
        return epoch != 0;
    }

    /** Starts a snapshot; the caller then {@link #capture}s every entry before handing them to its thread. */
    public void begin() {
        if (epoch != 0) {
            throw new IllegalStateException("a snapshot is already running");
        }
        lastEpoch = lastEpoch == (1 << 29) ? 1 : lastEpoch + 1;
        epoch = lastEpoch;
        copies.clear();
        copiedBytes = 0;
    }

    /** Marks an entry as part of the snapshot. */
    public void capture(KeyEntry e) {
        MARK.setOpaque(e, (epoch << 2) | PENDING);
    }

    /** Ends the snapshot once its thread has stopped reading entries. */
    public void end() {
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
        if (epoch == 0) {
            return;
        }
        int pending = (epoch << 2) | PENDING;
        int mark = (int) MARK.getAcquire(e);
        if (mark >>> 2 != epoch) {
            return;
        }
        if (mark == pending && MARK.compareAndSet(e, pending, (epoch << 2) | DONE)) {
            Object old = e.value instanceof byte[] bytes && e.rawString ? bytes.clone()
                    : e.value instanceof RedisValue v ? v.copy() : e.value;
            copiedBytes += EntrySize.of(e);
            copies.put(e, new Preserved(old, e.expireAt, e.lru));
            return;
        }
        while ((int) MARK.getAcquire(e) == ((epoch << 2) | WRITING)) {
            Thread.onSpinWait();
        }
    }

    /**
     * Snapshot thread: claims a captured entry for reading. False when the command thread changed it first;
     * its old state is then available from {@link #awaitCopy}.
     */
    public boolean claim(KeyEntry e, int snapshotEpoch) {
        return MARK.compareAndSet(e, (snapshotEpoch << 2) | PENDING, (snapshotEpoch << 2) | WRITING);
    }

    /** Snapshot thread: done reading a claimed entry; the command thread may change it now. */
    public void release(KeyEntry e, int snapshotEpoch) {
        MARK.setRelease(e, (snapshotEpoch << 2) | DONE);
    }

    /** Snapshot thread: the old state of an entry the command thread claimed (it is on its way). */
    public Preserved awaitCopy(KeyEntry e) {
        Preserved p;
        while ((p = copies.remove(e)) == null) {
            LockSupport.parkNanos(1000);
        }
        return p;
    }

    /** The running snapshot's epoch, for its thread's claims. */
    public int epoch() {
        return epoch;
    }
}
