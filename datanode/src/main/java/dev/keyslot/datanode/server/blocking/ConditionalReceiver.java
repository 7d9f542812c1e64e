package dev.keyslot.datanode.server.blocking;

import dev.keyslot.datanode.server.Client;

/**
 * A waiter that judges each change of a key itself (XREAD waits for entries past an ID, XREADGROUP also
 * fails when its stream or group goes away), rather than being served whenever the key holds its type.
 */
@FunctionalInterface
public interface ConditionalReceiver {
    /** Replies and returns true when the key's current value (null when absent) ends the wait. */
    boolean tryServe(Client client, byte[] key, Object value);
}
