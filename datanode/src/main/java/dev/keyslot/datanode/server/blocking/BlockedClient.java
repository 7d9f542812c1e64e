package dev.keyslot.datanode.server.blocking;

import dev.keyslot.datanode.keyspace.ValueType;
import dev.keyslot.datanode.server.Client;

import java.util.List;
import java.util.concurrent.ScheduledFuture;

/** A client waiting on keys for a value of one type, with its pending timeout. */
final class BlockedClient {
    final Client client;
    final List<WaitKey> keys;
    final ValueType type;
    final Receiver receiver;
    /** Set instead of receiver for waiters that decide themselves whether a change serves them. */
    ConditionalReceiver conditional;
    ScheduledFuture<?> timeout;
    boolean waiting = true;

    BlockedClient(Client client, List<WaitKey> keys, ValueType type, Receiver receiver) {
        this.client = client;
        this.keys = keys;
        this.type = type;
        this.receiver = receiver;
    }
}
