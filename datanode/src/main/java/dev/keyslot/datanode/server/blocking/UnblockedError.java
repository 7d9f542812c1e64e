package dev.keyslot.datanode.server.blocking;

import dev.keyslot.datanode.server.Client;

/** The reply CLIENT UNBLOCK ... ERROR gives the blocked client; counted in errorstats like any error reply. */
public final class UnblockedError {
    private static final String MESSAGE = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

    private UnblockedError() {
    }

    /**
     * What a blocked client gets when this node becomes a replica (Redis's disconnectAllBlockedClients): its
     * wait could only end in a write the master never made, so it is answered and the connection closed.
     */
    private static final String ROLE_CHANGED =
            "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)";

    public static void send(Client client) {
        client.reply().error(MESSAGE);
        client.server().stats().countError(MESSAGE);
    }

    public static void sendRoleChangedAndClose(Client client) {
        client.reply().error(ROLE_CHANGED);
        client.server().stats().countError(ROLE_CHANGED);
        client.closeAfterReply();
        client.flush();
    }
}
