package dev.keyslot.datanode.keyspace;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis's expireSlaveKeys. A replica leaves expiry to its master and applies the master's DELs, but a key that
 * the replica's own clients gave a TTL (replica-read-only no) is unknown to the master: the replica remembers
 * such key names, with the databases they were set in, and deletes them itself once their time has passed.
 */
public final class ReplicaKeysWithExpire {
    /** Databases are remembered as bits of a long; keys of higher databases are not tracked, as in Redis. */
    private static final int MAX_DB_ID = 63;
    /** A cycle ends once this many picked keys were still alive: the rest are likely alive too. */
    private static final int ALIVE_KEYS_PER_CYCLE = 3;
    private static final int PICKS_BETWEEN_CLOCK_CHECKS = 64;
    private static final long CYCLE_BUDGET_NANOS = 1_000_000;

    private final Dict<Tracked> tracked = new Dict<>();

    private static final class Tracked extends Dict.Entry {
        /** Bit n set: the key may have a TTL set by a client in database n. */
        long dbIds;

        Tracked(byte[] key) {
            super(key, null);
        }
    }

    public void remember(Database db, byte[] key) {
        if (db.id() > MAX_DB_ID) {
            return;
        }
        Tracked t = tracked.get(key);
        if (t == null) {
            t = new Tracked(key);
            tracked.add(t);
        }
        t.dbIds |= 1L << db.id();
    }

    /** Keys remembered (INFO's slave_expires_tracked_keys). */
    public int size() {
        return tracked.size();
    }

    /**
     * The database with this id was emptied or given other contents: what was remembered for it no longer
     * names keys a client of this replica set a TTL on.
     */
    public void forget(int dbId) {
        if (tracked.size() == 0 || dbId > MAX_DB_ID) {
            return;
        }
        long bit = 1L << dbId;
        List<Tracked> untracked = new ArrayList<>();
        tracked.forEach(t -> {
            t.dbIds &= ~bit;
            if (t.dbIds == 0) {
                untracked.add(t);
            }
        });
        for (Tracked t : untracked) {
            tracked.remove(t.key);
        }
    }

    /**
     * One cycle: picks remembered keys at random, deletes those whose TTL has passed and forgets those that are
     * gone or have no TTL any more, within about a millisecond. Returns the keys deleted.
     */
    public int expireSome(Database[] dbs) {
        long start = System.nanoTime();
        int expired = 0;
        int alive = 0;
        int picks = 0;
        while (tracked.size() > 0) {
            Tracked t = tracked.randomEntry();
            long remaining = 0;
            for (int id = 0; id < dbs.length && id <= MAX_DB_ID; id++) {
                if ((t.dbIds & (1L << id)) == 0) {
                    continue;
                }
                Database db = dbs[id];
                KeyEntry e = db.lookupRaw(t.key);
                if (e == null || !e.hasExpiry()) {
                    continue;
                }
                if (db.isExpired(e)) {
                    db.expire(e);
                    expired++;
                } else {
                    alive++;
                    remaining |= 1L << id;
                }
            }
            if (remaining == 0) {
                tracked.remove(t.key);
            } else {
                t.dbIds = remaining;
            }
            picks++;
            if (alive > ALIVE_KEYS_PER_CYCLE) {
                break;
            }
            if (picks % PICKS_BETWEEN_CLOCK_CHECKS == 0 && System.nanoTime() - start > CYCLE_BUDGET_NANOS) {
                break;
            }
        }
        return expired;
    }
}
