package dev.keyslot.datanode.keyspace;

/**
 * Redis's active expire cycle: every cron tick, sample volatile keys of each database and delete the
 * expired ones, repeating while more than a quarter of a sample was expired, within a time budget. Keys
 * that are never read again are reclaimed this way.
 */
public final class ActiveExpiry {
    private static final int KEYS_PER_LOOP = 20;
    private static final int ACCEPTABLE_STALE_PERCENT = 10;

    private final Dict.Entry[] sample = new Dict.Entry[KEYS_PER_LOOP];
    private long expiredTotal;

    /** Runs one cycle over all databases for at most budgetMicros; returns keys expired. */
    public int run(Database[] dbs, long budgetMicros) {
        long deadline = System.nanoTime() + budgetMicros * 1000;
        int expired = 0;
        for (Database db : dbs) {
            expired += runOn(db, deadline);
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        expiredTotal += expired;
        return expired;
    }

    private int runOn(Database db, long deadline) {
        int expired = 0;
        long now = db.now();
        int iterations = 0;
        while (true) {
            int n = db.volatileDict().sample(sample, Math.min(KEYS_PER_LOOP, db.volatileCount()));
            if (n == 0) {
                return expired;
            }
            int expiredHere = 0;
            long ttlSum = 0;
            int ttlSamples = 0;
            for (int i = 0; i < n; i++) {
                KeyEntry real = Database.realEntry(sample[i]);
                sample[i] = null;
                if (real.expireAt <= now) {
                    if (db.lookupRaw(real.key) == real) {
                        db.expire(real);
                        expiredHere++;
                    }
                } else {
                    ttlSum += real.expireAt - now;
                    ttlSamples++;
                }
            }
            if (ttlSamples > 0) {
                long avg = ttlSum / ttlSamples;
                long prev = db.avgTtlMillis();
                db.setAvgTtlMillis(prev == 0 ? avg : (prev / 50) * 49 + avg / 50);
            }
            expired += expiredHere;
            if (++iterations % 16 == 0 && System.nanoTime() > deadline) {
                return expired;
            }
            if (expiredHere * 100 <= n * ACCEPTABLE_STALE_PERCENT) {
                return expired;
            }
        }
    }

    public long expiredTotal() {
        return expiredTotal;
    }
}
