package dev.keyslot.datanode.command.migrate;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyspaceEvents;
import dev.keyslot.datanode.util.ByteKey;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The MIGRATEs waiting for their target, told of every key written meanwhile. Writes naming a moving key wait
 * ({@link MigrationHold}); a key still written meanwhile (by a script touching keys it did not declare, say) is
 * deleted here only if nobody wrote it while its copy was in flight: the keyspace's modification signal (the one
 * WATCH relies on) also sees the writes that change a list, a hash or a string in place.
 */
final class InFlightMigrations implements KeyspaceEvents {
    /** One migration's keys, and those written since it copied them. */
    static final class Keys {
        private final Database db;
        private final Set<ByteKey> moving = new HashSet<>();
        private final Set<ByteKey> written = new HashSet<>();

        private Keys(Database db, List<byte[]> keys) {
            this.db = db;
            for (byte[] key : keys) {
                moving.add(new ByteKey(key));
            }
        }

        boolean writtenSinceCopied(byte[] key) {
            return written.contains(new ByteKey(key));
        }
    }

    private final List<Keys> running = new ArrayList<>();

    /** Starts watching the keys a migration just copied. */
    Keys track(Database db, List<byte[]> keys) {
        Keys tracked = new Keys(db, keys);
        running.add(tracked);
        return tracked;
    }

    void untrack(Keys keys) {
        running.remove(keys);
    }

    boolean anyRunning() {
        return !running.isEmpty();
    }

    boolean isMoving(Database db, byte[] key) {
        ByteKey k = new ByteKey(key);
        for (Keys keys : running) {
            if (keys.db == db && keys.moving.contains(k)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void keyModified(Database db, byte[] key) {
        if (running.isEmpty()) {
            return;
        }
        ByteKey written = new ByteKey(key);
        for (Keys keys : running) {
            if (keys.db == db && keys.moving.contains(written)) {
                keys.written.add(written);
            }
        }
    }
}
