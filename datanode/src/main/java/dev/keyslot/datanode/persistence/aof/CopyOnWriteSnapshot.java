package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.keyspace.CopyOnWrite;
import dev.keyslot.datanode.keyspace.Keyspace;
import dev.keyslot.datanode.keyspace.SnapshotWalk;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A point-in-time view of the keyspace for a rewrite: starting it takes constant time on the command thread,
 * a {@link SnapshotWalk} hands the entries over in small steps and {@link CopyOnWrite} preserves the old
 * value of any entry changed before the rewrite thread has written it.
 */
final class CopyOnWriteSnapshot implements KeyspaceSnapshot {
    private final CopyOnWrite cow;
    private final SnapshotWalk walk;
    private volatile boolean cancelled;

    /** commandThread null: the whole walk is done now, for a snapshot written on the calling thread. */
    CopyOnWriteSnapshot(Keyspace keyspace, ScheduledExecutorService commandThread) {
        this.cow = keyspace.copyOnWrite();
        this.walk = cow.begin(keyspace.all(), commandThread);
    }

    @Override
    public void writeTo(BaseWriter writer) throws IOException {
        walk.drain(writer, () -> cancelled);
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public void end() {
        cow.end();
    }

    @Override
    public long copiedBytes() {
        return cow.copiedBytes();
    }
}
