package dev.keyslot.datanode.keyspace;

import java.util.Arrays;

/**
 * Fans keyspace events out to every subsystem that registered (statistics, WATCH, notifications,
 * client-side caching, blocked clients), in registration order. Each event has its own array holding only
 * the listeners that override its method, so a write pays for WATCH, tracking and blocking (the listeners
 * of keyModified) and not for an interface call into every other listener's empty default.
 */
public final class CompositeKeyspaceEvents implements KeyspaceEvents {
    private KeyspaceEvents[] modified = new KeyspaceEvents[0];
    private KeyspaceEvents[] added = new KeyspaceEvents[0];
    private KeyspaceEvents[] missed = new KeyspaceEvents[0];
    private KeyspaceEvents[] expirySet = new KeyspaceEvents[0];
    private KeyspaceEvents[] expired = new KeyspaceEvents[0];
    private KeyspaceEvents[] expiredValues = new KeyspaceEvents[0];
    private KeyspaceEvents[] overwrittenValues = new KeyspaceEvents[0];
    private KeyspaceEvents[] evicted = new KeyspaceEvents[0];
    private KeyspaceEvents[] cleared = new KeyspaceEvents[0];
    private KeyspaceEvents[] swapped = new KeyspaceEvents[0];
    private KeyspaceEvents[] flushedAll = new KeyspaceEvents[0];

    public void add(KeyspaceEvents listener) {
        modified = withIfOverridden(modified, listener, "keyModified", Database.class, byte[].class);
        added = withIfOverridden(added, listener, "keyAdded", Database.class, byte[].class);
        missed = withIfOverridden(missed, listener, "keyMissed", Database.class, byte[].class);
        expirySet = withIfOverridden(expirySet, listener, "expirySet", Database.class, byte[].class);
        expired = withIfOverridden(expired, listener, "keyExpired", Database.class, byte[].class);
        expiredValues = withIfOverridden(expiredValues, listener, "expiredValueReleased", Object.class);
        overwrittenValues = withIfOverridden(overwrittenValues, listener, "overwrittenValueReleased", Object.class);
        evicted = withIfOverridden(evicted, listener, "keyEvicted", Database.class, byte[].class);
        cleared = withIfOverridden(cleared, listener, "databaseCleared", Database.class);
        swapped = withIfOverridden(swapped, listener, "databaseSwapped", Database.class, Database.class);
        flushedAll = withIfOverridden(flushedAll, listener, "flushed");
    }

    private static KeyspaceEvents[] withIfOverridden(KeyspaceEvents[] listeners, KeyspaceEvents listener,
                                                     String method, Class<?>... parameters) {
        Class<?> declaring;
        try {
            declaring = listener.getClass().getMethod(method, parameters).getDeclaringClass();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("KeyspaceEvents has no method " + method, e);
        }
        if (declaring == KeyspaceEvents.class) {
            return listeners;
        }
        KeyspaceEvents[] grown = Arrays.copyOf(listeners, listeners.length + 1);
        grown[listeners.length] = listener;
        return grown;
    }

    @Override
    public void keyModified(Database db, byte[] key) {
        for (KeyspaceEvents l : modified) {
            l.keyModified(db, key);
        }
    }

    @Override
    public void keyAdded(Database db, byte[] key) {
        for (KeyspaceEvents l : added) {
            l.keyAdded(db, key);
        }
    }

    @Override
    public void keyMissed(Database db, byte[] key) {
        for (KeyspaceEvents l : missed) {
            l.keyMissed(db, key);
        }
    }

    @Override
    public void expirySet(Database db, byte[] key) {
        for (KeyspaceEvents l : expirySet) {
            l.expirySet(db, key);
        }
    }

    @Override
    public void keyExpired(Database db, byte[] key) {
        for (KeyspaceEvents l : expired) {
            l.keyExpired(db, key);
        }
    }

    @Override
    public void expiredValueReleased(Object value) {
        for (KeyspaceEvents l : expiredValues) {
            l.expiredValueReleased(value);
        }
    }

    @Override
    public void overwrittenValueReleased(Object value) {
        for (KeyspaceEvents l : overwrittenValues) {
            l.overwrittenValueReleased(value);
        }
    }

    @Override
    public void keyEvicted(Database db, byte[] key) {
        for (KeyspaceEvents l : evicted) {
            l.keyEvicted(db, key);
        }
    }

    @Override
    public void databaseCleared(Database db) {
        for (KeyspaceEvents l : cleared) {
            l.databaseCleared(db);
        }
    }

    @Override
    public void databaseSwapped(Database db, Database replacedWith) {
        for (KeyspaceEvents l : swapped) {
            l.databaseSwapped(db, replacedWith);
        }
    }

    @Override
    public void flushed() {
        for (KeyspaceEvents l : flushedAll) {
            l.flushed();
        }
    }
}
