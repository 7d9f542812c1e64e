package dev.keyslot.datanode.keyspace;

import java.util.Arrays;

/**
 * Fans keyspace events out to every subsystem that registered (statistics, WATCH, notifications,
 * client-side caching, blocked clients), in registration order. An array keeps the write path cheap.
 */
public final class CompositeKeyspaceEvents implements KeyspaceEvents {
    private KeyspaceEvents[] listeners = new KeyspaceEvents[0];

    public void add(KeyspaceEvents listener) {
        KeyspaceEvents[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[listeners.length] = listener;
        listeners = grown;
    }

    @Override
    public void keyModified(Database db, byte[] key) {
        for (KeyspaceEvents l : listeners) {
            l.keyModified(db, key);
        }
    }

    @Override
    public void keyAdded(Database db, byte[] key) {
        for (KeyspaceEvents l : listeners) {
            l.keyAdded(db, key);
        }
    }

    @Override
    public void keyMissed(Database db, byte[] key) {
        for (KeyspaceEvents l : listeners) {
            l.keyMissed(db, key);
        }
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
        for (KeyspaceEvents l : listeners) {
            l.keyExpired(db, key);
        }
    }

    @Override
    public void keyEvicted(Database db, byte[] key) {
        for (KeyspaceEvents l : listeners) {
            l.keyEvicted(db, key);
        }
    }

    @Override
    public void databaseCleared(Database db) {
        for (KeyspaceEvents l : listeners) {
            l.databaseCleared(db);
        }
    }

    @Override
    public void databaseSwapped(Database db, Database replacedWith) {
        for (KeyspaceEvents l : listeners) {
            l.databaseSwapped(db, replacedWith);
        }
    }

    @Override
    public void flushed() {
        for (KeyspaceEvents l : listeners) {
            l.flushed();
        }
    }
}
