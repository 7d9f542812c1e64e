package dev.keyslot.datanode.command;

import dev.keyslot.datanode.server.Client;

/**
 * Consulted before a request is even looked up: a client whose earlier requests are being held back (by
 * CLIENT PAUSE, say) must have its later requests held too, unknown commands included, to keep order.
 * Returns true when the gate took the request.
 */
@FunctionalInterface
public interface RequestGate {
    boolean hold(Client client, byte[][] argv);
}
