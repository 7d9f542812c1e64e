package dev.keyslot.datanode.server;

import sun.misc.Signal;

/** SIGTERM and SIGINT shut the server down cleanly on its command thread, as Redis does. */
public final class ShutdownSignals {
    private ShutdownSignals() {
    }

    /** Installed before the server starts, so a signal right after "Ready to accept connections" is handled. */
    public static void install(Server server) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                server.log().warning("Received SIG" + name + " scheduling shutdown...");
                if (server.started()) {
                    // A failure is logged by the shutdown and leaves the server running, as Redis's serverCron.
                    server.eventLoop().execute(() -> server.shutdown().request(ShutdownSequence.Mode.configured(
                            server.config().get(name.equals("TERM") ? "shutdown-on-sigterm" : "shutdown-on-sigint"))));
                } else {
                    // Still starting: there is nothing to save or drain yet (Redis, loading, shuts down NOSAVE).
                    server.log().warning("User requested shutdown...");
                    server.log().warning("Redis is now ready to exit, bye bye...");
                    System.exit(0);
                }
            });
        }
    }
}
