package dev.keyslot.datanode.persistence;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Redis's debugDelay after each key a snapshot writes (rdb-key-save-delay: RDB saves and AOF rewrites alike) or
 * an RDB load reads (key-load-delay): a positive delay sleeps that many microseconds; a negative one -n sleeps a
 * microsecond after one key in n on average. Redis's tests use them to keep a save or a load running a while.
 */
public final class KeyDelay {
    private KeyDelay() {
    }

    /** Sleeps as a delay of micros says; an interrupt (a save being killed) ends the sleep early. */
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
