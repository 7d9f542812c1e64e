package dev.keyslot.datanode.persistence;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * rdb-key-save-delay, Redis's debugDelay after each key a snapshot writes (RDB saves and AOF rewrites alike):
 * a positive delay sleeps that many microseconds; a negative one -n sleeps a microsecond after one key in n on
 * average. Redis's tests use it to keep a save running for a while.
 */
public final class KeySaveDelay {
    private KeySaveDelay() {
    }

    /** Sleeps as rdb-key-save-delay micros says; an interrupt (the save being killed) ends the sleep early. */
    public static void afterKey(int micros) {
        int sleep = micros;
        if (sleep < 0) {
            sleep = ThreadLocalRandom.current().nextInt(-sleep) == 0 ? 1 : 0;
        }
        if (sleep > 0) {
            LockSupport.parkNanos(sleep * 1000L);
        }
    }
}
