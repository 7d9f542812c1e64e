package dev.keyslot.datanode.command;

import dev.keyslot.datanode.server.Client;

/**
 * Told when serving a blocked client after a write ends (its reply written), as Redis runs afterCommand for
 * the receiver: client-side caching then sends the receiver the invalidations its own serving caused.
 */
@FunctionalInterface
public interface ServedHook {
    void served(Client client);
}
