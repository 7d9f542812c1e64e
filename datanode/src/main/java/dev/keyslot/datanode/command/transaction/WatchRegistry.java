package dev.keyslot.datanode.command.transaction;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.KeyspaceEvents;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.util.ByteKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which clients WATCH which keys, per database, and the keyspace listener that breaks their transactions
 * when a watched key is modified, expires, or its database is flushed or swapped (Redis's touchWatchedKey
 * and touchAllWatchedKeysInDb, quirks included).
 */
final class WatchRegistry implements KeyspaceEvents {
    private final Map<Database, Map<ByteKey, List<WatchedKey>>> byDb = new IdentityHashMap<>();
    private int watchedTotal;

    void watch(Client c, Database db, byte[] key) {
        ByteKey k = new ByteKey(key);
        List<WatchedKey> mine = c.multi().watched;
        for (WatchedKey wk : mine) {
            if (wk.db == db && wk.key.equals(k)) {
                return;
            }
        }
        WatchedKey wk = new WatchedKey(k, db, c, isExpired(db, key));
        byDb.computeIfAbsent(db, d -> new HashMap<>()).computeIfAbsent(k, x -> new ArrayList<>(2)).add(wk);
        mine.add(wk);
        watchedTotal++;
    }

    void unwatchAll(Client c) {
        List<WatchedKey> mine = c.multi().watched;
        for (WatchedKey wk : mine) {
            Map<ByteKey, List<WatchedKey>> keys = byDb.get(wk.db);
            List<WatchedKey> watchers = keys.get(wk.key);
            watchers.remove(wk);
            if (watchers.isEmpty()) {
                keys.remove(wk.key);
                if (keys.isEmpty()) {
                    byDb.remove(wk.db);
                }
            }
        }
        watchedTotal -= mine.size();
        mine.clear();
    }

    /** EXEC fails when a watched key has logically expired since WATCH, even if nothing deleted it yet. */
    boolean anyExpiredSinceWatch(Client c) {
        for (WatchedKey wk : c.multi().watched) {
            if (!wk.expired && isExpired(wk.db, wk.key.bytes())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isExpired(Database db, byte[] key) {
        KeyEntry e = db.lookupRaw(key);
        return e != null && db.isExpired(e);
    }

    private static boolean exists(Database db, byte[] key) {
        return db.lookupRaw(key) != null;
    }

    @Override
    public void keyModified(Database db, byte[] key) {
        if (watchedTotal == 0) {
            return;
        }
        Map<ByteKey, List<WatchedKey>> keys = byDb.get(db);
        List<WatchedKey> watchers = keys == null ? null : keys.get(new ByteKey(key));
        if (watchers == null) {
            return;
        }
        for (WatchedKey wk : watchers.toArray(new WatchedKey[0])) {
            if (wk.expired) {
                if (!exists(db, key)) {
                    // The already expired key is now gone: logically nothing changed.
                    wk.expired = false;
                    continue;
                }
                // Redis stops here, leaving the remaining watchers untouched.
                break;
            }
            wk.client.multi().watchBroken = true;
            unwatchAll(wk.client);
        }
    }

    @Override
    public void databaseCleared(Database db) {
        touchAll(db, null);
    }

    @Override
    public void databaseSwapped(Database db, Database replacedWith) {
        touchAll(db, replacedWith);
    }

    /** Breaks the transactions watching keys of emptied that exist in it or in its replacement. */
    private void touchAll(Database emptied, Database replacedWith) {
        Map<ByteKey, List<WatchedKey>> keys = byDb.get(emptied);
        if (keys == null) {
            return;
        }
        for (Map.Entry<ByteKey, List<WatchedKey>> e : keys.entrySet()) {
            byte[] key = e.getKey().bytes();
            boolean inEmptied = exists(emptied, key);
            boolean inReplacement = replacedWith != null && exists(replacedWith, key);
            if (!inEmptied && !inReplacement) {
                continue;
            }
            for (WatchedKey wk : e.getValue()) {
                if (wk.expired) {
                    if (!inReplacement) {
                        wk.expired = false;
                        continue;
                    } else if (isExpired(replacedWith, key)) {
                        continue;
                    }
                } else if (!inEmptied && isExpired(replacedWith, key)) {
                    wk.expired = true;
                    continue;
                }
                wk.client.multi().watchBroken = true;
            }
        }
    }
}
