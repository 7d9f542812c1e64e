package dev.keyslot.datanode.keyspace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The access metadata Redis keeps per value in {@link KeyEntry#lru}: with an LRU (or no) eviction policy a
 * 24-bit clock of seconds; with an LFU policy the last decrement time in minutes (16 bits) and a logarithmic
 * access counter (8 bits). OBJECT IDLETIME / FREQ and RESTORE IDLETIME / FREQ read and write it.
 */
public final class AccessTracker {
    private static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    private static final int LFU_INIT_VAL = 5;

    private boolean lfu;
    private long logFactor = 10;
    private long decayMinutes = 1;

    /** Follows maxmemory-policy (LFU or not), lfu-log-factor and lfu-decay-time. */
    public void configure(boolean lfu, long logFactor, long decayMinutes) {
        this.lfu = lfu;
        this.logFactor = logFactor;
        this.decayMinutes = decayMinutes;
    }

    public boolean lfu() {
        return lfu;
    }

    /** The value a newly created entry starts with. */
    public int initial(long nowMillis) {
        return lfu ? (minutes(nowMillis) << 8) | LFU_INIT_VAL : lruClock(nowMillis);
    }

    /** Records an access (Redis's lookupKey without NOTOUCH). */
    public void touch(KeyEntry e, long nowMillis) {
        if (lfu) {
            int counter = increment(frequency(e, nowMillis));
            e.lru = (minutes(nowMillis) << 8) | counter;
        } else {
            e.lru = lruClock(nowMillis);
        }
    }

    /** Milliseconds since the last access, at the clock's one-second resolution. */
    public long idleMillis(KeyEntry e, long nowMillis) {
        long clock = lruClock(nowMillis);
        long last = e.lru;
        long seconds = clock >= last ? clock - last : clock + (LRU_CLOCK_MAX - last);
        return seconds * 1000;
    }

    /** Sets the last access to idleSeconds ago (RESTORE IDLETIME). */
    public void setIdle(KeyEntry e, long idleSeconds, long nowMillis) {
        long abs = lruClock(nowMillis) - idleSeconds;
        if (abs < 0) {
            abs += LRU_CLOCK_MAX;
        }
        e.lru = (int) abs;
    }

    /** The counter after applying the decay for the minutes since its last decrement. */
    public int frequency(KeyEntry e, long nowMillis) {
        int lastMinutes = e.lru >>> 8;
        int counter = e.lru & 255;
        long elapsed = elapsedMinutes(lastMinutes, nowMillis);
        long periods = decayMinutes == 0 ? 0 : elapsed / decayMinutes;
        if (periods > 0) {
            counter = periods > counter ? 0 : (int) (counter - periods);
        }
        return counter;
    }

    /** Sets the counter as of now (RESTORE FREQ). */
    public void setFrequency(KeyEntry e, int frequency, long nowMillis) {
        e.lru = (minutes(nowMillis) << 8) | frequency;
    }

    private int increment(int counter) {
        if (counter == 255) {
            return 255;
        }
        double base = Math.max(0, counter - LFU_INIT_VAL);
        double p = 1.0 / (base * logFactor + 1);
        return ThreadLocalRandom.current().nextDouble() < p ? counter + 1 : counter;
    }

    private static long elapsedMinutes(int lastMinutes, long nowMillis) {
        int now = minutes(nowMillis);
        return now >= lastMinutes ? now - lastMinutes : 65535 - lastMinutes + now;
    }

    private static int lruClock(long nowMillis) {
        return (int) ((nowMillis / 1000) & LRU_CLOCK_MAX);
    }

    private static int minutes(long nowMillis) {
        return (int) ((nowMillis / 1000 / 60) & 65535);
    }
}
