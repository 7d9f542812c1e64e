package dev.keyslot.datanode.testing;

import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

import java.util.concurrent.TimeUnit;

/**
 * Puts both connections of a {@link Differential} in RESP3 so RESP3 reply shapes can be compared: HELLO 3
 * on redis-server, and on the data node (which may not have HELLO yet) the protocol set directly on its
 * clients, on the command thread.
 */
public final class Resp3Switch {
    private Resp3Switch() {
    }

    public static void enable(Differential diff) {
        diff.redisConnection().call("HELLO", "3");
        diff.nodeConnection().call("PING");
        Server server = diff.node().server();
        try {
            server.eventLoop().submit(() -> {
                for (Client c : server.clients().all()) {
                    c.reply().setProtocol(3);
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not switch the data node's clients to RESP3", e);
        }
    }
}
