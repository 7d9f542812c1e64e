package dev.keyslot.datanode.server.blocking;

import dev.keyslot.datanode.server.Client;

/** What a blocked command does once a key it waits on holds data: pop, push, and reply. */
@FunctionalInterface
public interface Receiver {
    /** Serves the client from key, which now holds a value of the awaited type in the client's database. */
    void serve(Client client, byte[] key);
}
