package dev.keyslot.datanode.command;

import dev.keyslot.datanode.keyspace.Clock;

/**
 * The keyspace's clock. While a request is processed it answers the time the request started, as Redis's
 * call() caches the time for the whole command: a key cannot expire between two lookups of one command,
 * and the LRU stamps and expiry checks of a request cost one clock read instead of one each. Outside
 * requests (the cron, loading) it reads the system clock.
 */
public final class RequestClock implements Clock {
    private long requestMillis;
    private int depth;

    /** A request starts; nested requests keep the outermost one's time. */
    void enter() {
        if (depth++ == 0) {
            requestMillis = System.currentTimeMillis();
        }
    }

    void leave() {
        depth--;
    }

    /**
     * Takes the time anew for the rest of the outermost request: Redis serves each key a command readied at the
     * time it gets to it, so a key that expired meanwhile (a DEBUG SLEEP in a transaction) serves nobody.
     */
    void retake() {
        if (depth == 1) {
            requestMillis = System.currentTimeMillis();
        }
    }

    @Override
    public long millis() {
        return depth > 0 ? requestMillis : System.currentTimeMillis();
    }
}
