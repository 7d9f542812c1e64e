package dev.keyslot.datanode.server.blocking;

import dev.keyslot.datanode.keyspace.Database;

import java.util.Arrays;

/** A key in a given database, as a map key. */
final class WaitKey {
    final Database db;
    final byte[] key;
    private final int hash;

    WaitKey(Database db, byte[] key) {
        this.db = db;
        this.key = key;
        this.hash = 31 * db.id() + Arrays.hashCode(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WaitKey w && w.db == db && Arrays.equals(w.key, key);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
