package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.keyspace.AccessTracker;
import dev.keyslot.datanode.keyspace.Clock;
import dev.keyslot.datanode.keyspace.KeyEntry;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Redis's per-object access data in {@link KeyEntry#lru}. Under LFU policies the field holds the minute of
 * the last counter decay (16 bits) and a logarithmic access counter (8 bits); otherwise a 24-bit seconds
 * clock of the last access, which OBJECT IDLETIME and LRU eviction read. The clock is cached and advanced
 * by the cron, so touching a key on lookup is a single field write.
 */
public final class AccessClock implements AccessTracker {
    static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    static final int LFU_INIT_VAL = 5;
    private static final int LFU_MINUTES_MAX = 65535;

    private final Clock clock;
    private long nowMillis;
    private int lruClock;
    private boolean lfu;
    private int lfuLogFactor = 10;
    private int lfuDecayMinutes = 1;

    public AccessClock(Clock clock) {
        this.clock = clock;
        tick();
    }

    /** Advances the cached clock; the cron calls it every tick. */
    public void tick() {
        nowMillis = clock.millis();
        lruClock = (int) ((nowMillis / 1000) & LRU_CLOCK_MAX);
    }

    void configure(boolean lfu, int lfuLogFactor, int lfuDecayMinutes) {
        this.lfu = lfu;
        this.lfuLogFactor = lfuLogFactor;
        this.lfuDecayMinutes = lfuDecayMinutes;
    }

    @Override
    public void created(KeyEntry e) {
        e.lru = lfu ? (minutes() << 8) | LFU_INIT_VAL : lruClock;
    }

    @Override
    public void accessed(KeyEntry e) {
        if (lfu) {
            e.lru = (minutes() << 8) | logIncrement(decayedCounter(e.lru));
        } else {
            e.lru = lruClock;
        }
    }

    /** Milliseconds since the key was last accessed, at the clock's one-second resolution. */
    public long idleMillis(KeyEntry e) {
        int last = e.lru & LRU_CLOCK_MAX;
        long seconds = lruClock >= last ? lruClock - last : lruClock + (LRU_CLOCK_MAX - last);
        return seconds * 1000;
    }

    /** The LFU counter after applying the decay due since its last update (OBJECT FREQ). */
    public int frequency(KeyEntry e) {
        return decayedCounter(e.lru);
    }

    private int minutes() {
        return (int) ((nowMillis / 60_000) & LFU_MINUTES_MAX);
    }

    /** The counter loses one per lfu-decay-time minutes elapsed since the stored minute. */
    private int decayedCounter(int lru) {
        int lastMinute = lru >>> 8;
        int counter = lru & 255;
        if (lfuDecayMinutes == 0) {
            return counter;
        }
        int now = minutes();
        int elapsed = now >= lastMinute ? now - lastMinute : LFU_MINUTES_MAX - lastMinute + now;
        int periods = elapsed / lfuDecayMinutes;
        return periods > counter ? 0 : counter - periods;
    }

    /** Increments with probability 1/((counter - LFU_INIT_VAL) * lfu-log-factor + 1), saturating at 255. */
    private int logIncrement(int counter) {
        if (counter == 255) {
            return 255;
        }
        double base = Math.max(0, counter - LFU_INIT_VAL);
        double p = 1.0 / (base * lfuLogFactor + 1);
        return ThreadLocalRandom.current().nextDouble() < p ? counter + 1 : counter;
    }
}
