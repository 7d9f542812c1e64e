package dev.keyslot.datanode.server.blocking;

import dev.keyslot.datanode.server.Client;

/** The reply CLIENT UNBLOCK ... ERROR gives the blocked client; counted in errorstats like any error reply. */
public final class UnblockedError {
    private static final String MESSAGE = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

    private UnblockedError() {
    }

    public static void send(Client client) {
        client.reply().error(MESSAGE);
        client.server().stats().countError(MESSAGE);
    }
}
