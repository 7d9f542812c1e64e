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

    @Override
    public long millis() {
        return depth > 0 ? requestMillis : System.currentTimeMillis();
    }
}
