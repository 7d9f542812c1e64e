package dev.keyslot.datanode.server;

import sun.misc.Signal;

/** SIGTERM and SIGINT shut the server down cleanly on its command thread, as Redis does. */
public final class ShutdownSignals {
    private ShutdownSignals() {
    }

    public static void install(Server server) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                server.log().warning("Received SIG" + name + " scheduling shutdown...");
                server.eventLoop().execute(() -> server.shutdown(false));
            });
        }
    }
}
