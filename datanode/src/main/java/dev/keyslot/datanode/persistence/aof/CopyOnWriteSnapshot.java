package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.keyspace.CopyOnWrite;
import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.Keyspace;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * A point-in-time view of the keyspace for a rewrite: capturing takes references to every entry on the
 * command thread; {@link CopyOnWrite} then preserves the old value of any entry changed before the rewrite
 * thread has written it.
 */
final class CopyOnWriteSnapshot implements KeyspaceSnapshot {
    private final CopyOnWrite cow;
    private final KeyEntry[][] captured;
    private final long[] volatileCounts;
    private final int epoch;
    private volatile boolean cancelled;

    CopyOnWriteSnapshot(Keyspace keyspace) {
        this.cow = keyspace.copyOnWrite();
        cow.begin();
        this.epoch = cow.epoch();
        Database[] dbs = keyspace.all();
        captured = new KeyEntry[dbs.length][];
        volatileCounts = new long[dbs.length];
        for (int i = 0; i < dbs.length; i++) {
            KeyEntry[] entries = new KeyEntry[dbs[i].size()];
            int[] n = {0};
            dbs[i].dict().forEach(e -> {
                cow.capture(e);
                entries[n[0]++] = e;
            });
            captured[i] = entries;
            volatileCounts[i] = dbs[i].volatileCount();
        }
    }

    @Override
    public void writeTo(BaseWriter writer) throws IOException {
        for (int db = 0; db < captured.length; db++) {
            KeyEntry[] entries = captured[db];
            if (entries.length == 0) {
                continue;
            }
            writer.database(db, entries.length, volatileCounts[db]);
            for (int i = 0; i < entries.length; i++) {
                if (cancelled) {
                    throw new InterruptedIOException("rewrite cancelled");
                }
                write(writer, entries[i]);
                entries[i] = null;
            }
        }
    }

    private void write(BaseWriter writer, KeyEntry e) throws IOException {
        if (cow.claim(e, epoch)) {
            try {
                writer.key(e.key, e.value, e.expireAt, e.lru);
            } finally {
                cow.release(e, epoch);
            }
        } else {
            CopyOnWrite.Preserved old = cow.awaitCopy(e);
            writer.key(e.key, old.value(), old.expireAt(), old.lru());
        }
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
