package dev.keyslot.datanode.server;

import sun.misc.Signal;

/** SIGTERM and SIGINT shut the server down cleanly on its command thread, as Redis does. */
public final class ShutdownSignals {
    private ShutdownSignals() {
    }

    /** shutdown-on-sigterm / shutdown-on-sigint: "default" saves when save points are configured. */
    private static boolean savesOn(Server server, String signal) {
        String mode = server.config().get(signal.equals("TERM") ? "shutdown-on-sigterm" : "shutdown-on-sigint");
        return switch (mode) {
            case "save" -> true;
            case "nosave" -> false;
            default -> !server.config().get("save").isEmpty();
        };
    }

    /** Installed before the server starts, so a signal right after "Ready to accept connections" is handled. */
    public static void install(Server server) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                server.log().warning("Received SIG" + name + " scheduling shutdown...");
                if (server.started()) {
                    server.eventLoop().execute(() -> {
                        if (!server.shutdown(savesOn(server, name), false)) {
                            server.log().warning("SIG" + name + " received but errors trying to shut down the "
                                    + "server, check the logs for more information");
                        }
                    });
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
