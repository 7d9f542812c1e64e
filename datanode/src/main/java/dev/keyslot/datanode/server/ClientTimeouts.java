package dev.keyslot.datanode.server;

import java.util.ArrayList;
import java.util.List;

/** Closes clients idle for longer than the `timeout` option (0 disables), as Redis's clientsCron does. */
final class ClientTimeouts {
    private ClientTimeouts() {
    }

    static void closeIdle(Server server) {
        long timeoutSeconds = server.config().getLong("timeout");
        if (timeoutSeconds <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        List<Client> idle = new ArrayList<>();
        for (Client c : server.clients().all()) {
            if (c.isExemptFromTimeout()) {
                continue;
            }
            if (now - c.lastInteractionMillis() > timeoutSeconds * 1000) {
                idle.add(c);
            }
        }
        for (Client c : idle) {
            server.log().verbose("Closing idle client");
            c.channel().close();
        }
    }
}
