package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.keyspace.Database;
import dev.keyslot.datanode.keyspace.KeyEntry;
import dev.keyslot.datanode.keyspace.Keyspace;

import java.util.concurrent.Executor;

/**
 * Frees memory by deleting keys until used memory is back under maxmemory (Redis's performEvictions).
 * LRU, LFU and TTL policies sample maxmemory-samples keys per database into the {@link EvictionPool} and
 * evict its best candidate; random policies pick a random key, rotating over the databases. A run is
 * bounded in time by maxmemory-eviction-tenacity; unfinished work continues as a task on the command loop.
 */
final class Evictor {
    /** Outcome of a run: under the limit, still working in the background, or nothing left to evict. */
    enum Result { OK, RUNNING, FAIL }

    private static final int CHECK_TIME_EVERY = 16;

    private final Keyspace keyspace;
    private final MemoryMonitor monitor;
    private final LazyFree lazyFree;
    private final Executor commandLoop;
    private final EvictionPool pool = new EvictionPool();
    private KeyEntry[] samples = new KeyEntry[5];
    private int nextRandomDb;
    private boolean continuationScheduled;
    /** When used memory last went over the limit without eviction catching up; 0 while under it. */
    private long overLimitSinceNanos;
    private long overLimitTotalNanos;

    Evictor(Keyspace keyspace, MemoryMonitor monitor, Executor commandLoop, LazyFree lazyFree) {
        this.keyspace = keyspace;
        this.lazyFree = lazyFree;
        this.monitor = monitor;
        this.commandLoop = commandLoop;
    }

    Result run() {
        Result result = evict();
        long now = System.nanoTime();
        if (result == Result.OK) {
            if (overLimitSinceNanos != 0) {
                overLimitTotalNanos += now - overLimitSinceNanos;
                overLimitSinceNanos = 0;
            }
        } else if (overLimitSinceNanos == 0) {
            overLimitSinceNanos = now;
        }
        return result;
    }

    /** total_eviction_exceeded_time: milliseconds spent over maxmemory, including the current stretch. */
    long exceededMillisTotal() {
        return (overLimitTotalNanos + currentExceededNanos()) / 1_000_000;
    }

    /** current_eviction_exceeded_time: milliseconds of the current stretch over maxmemory, 0 when under. */
    long exceededMillisCurrent() {
        return currentExceededNanos() / 1_000_000;
    }

    private long currentExceededNanos() {
        return overLimitSinceNanos == 0 ? 0 : System.nanoTime() - overLimitSinceNanos;
    }

    private Result evict() {
        long max = monitor.maxmemory();
        // A client pause keeps the dataset still: nothing is evicted and, as in Redis, nothing is refused for it.
        if (max == 0 || monitor.usedMemoryForEviction() <= max || keyspace.frozen()) {
            return Result.OK;
        }
        EvictionPolicy policy = monitor.policy();
        if (policy == EvictionPolicy.NOEVICTION) {
            return Result.FAIL;
        }
        long deadline = System.nanoTime() + timeLimitNanos(monitor.evictionTenacity());
        int evicted = 0;
        while (monitor.usedMemoryForEviction() > max) {
            KeyEntry victim = null;
            Database db = null;
            if (policy.strategy() == EvictionPolicy.Strategy.RANDOM) {
                for (int i = 0; i < keyspace.count() && victim == null; i++) {
                    nextRandomDb = (nextRandomDb + 1) % keyspace.count();
                    db = keyspace.db(nextRandomDb);
                    victim = db.randomEntry(!policy.allKeys());
                }
            } else {
                int best = bestFromPool(policy);
                if (best >= 0) {
                    db = keyspace.db(pool.db(best));
                    victim = db.lookupRaw(pool.key(best));
                    pool.remove(best);
                }
            }
            if (victim == null) {
                return Result.FAIL;
            }
            db.evict(victim);
            lazyFree.deleted(victim.value, false, "lazyfree-lazy-eviction");
            if (++evicted % CHECK_TIME_EVERY == 0 && System.nanoTime() > deadline
                    && monitor.usedMemoryForEviction() > max) {
                scheduleContinuation();
                return Result.RUNNING;
            }
        }
        return Result.OK;
    }

    /**
     * Refills the pool until it yields a candidate that still exists; -1 when there are no candidates.
     * The returned slot's key is known to be stored in its database (with a TTL under volatile policies).
     */
    private int bestFromPool(EvictionPolicy policy) {
        while (true) {
            long candidates = 0;
            for (int i = 0; i < keyspace.count(); i++) {
                Database db = keyspace.db(i);
                int size = policy.allKeys() ? db.size() : db.volatileCount();
                if (size > 0) {
                    populate(db, policy);
                    candidates += size;
                }
            }
            if (candidates == 0) {
                return -1;
            }
            for (int k = pool.best(); k >= 0; k = pool.best()) {
                Database db = keyspace.db(pool.db(k));
                KeyEntry e = db.lookupRaw(pool.key(k));
                if (e != null && (policy.allKeys() || e.hasExpiry())) {
                    return k;
                }
                pool.remove(k);
            }
        }
    }

    private void populate(Database db, EvictionPolicy policy) {
        int wanted = monitor.samples();
        if (samples.length < wanted) {
            samples = new KeyEntry[wanted];
        }
        int n = db.sample(samples, wanted, !policy.allKeys());
        for (int i = 0; i < n; i++) {
            KeyEntry e = samples[i];
            samples[i] = null;
            pool.offer(score(e, policy), e.key, db.id());
        }
    }

    /** Higher means a better victim: idle time, inverted frequency, or how soon the key expires. */
    private long score(KeyEntry e, EvictionPolicy policy) {
        long now = System.currentTimeMillis();
        return switch (policy.strategy()) {
            case LRU -> keyspace.access().idleMillis(e, now);
            case LFU -> 255 - keyspace.access().frequency(e, now);
            case TTL -> Long.MAX_VALUE - e.expireAt;
            case RANDOM, NONE -> throw new IllegalStateException("no score for " + policy);
        };
    }

    /** Starts a run as a task of the command loop, after the current command. */
    void runSoon() {
        scheduleContinuation();
    }

    private void scheduleContinuation() {
        if (continuationScheduled) {
            return;
        }
        continuationScheduled = true;
        commandLoop.execute(() -> {
            continuationScheduled = false;
            run();
        });
    }

    /** Redis's eviction time budget: tenacity 10 (the default) is 500us, 100 means unlimited. */
    static long timeLimitNanos(int tenacity) {
        if (tenacity <= 10) {
            return 50_000L * tenacity;
        }
        if (tenacity < 100) {
            return (long) (500_000.0 * Math.pow(1.15, tenacity - 10.0));
        }
        return Long.MAX_VALUE / 2;
    }
}
