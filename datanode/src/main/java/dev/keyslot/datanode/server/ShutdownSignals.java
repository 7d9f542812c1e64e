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

    public static void install(Server server) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                server.log().warning("Received SIG" + name + " scheduling shutdown...");
                server.eventLoop().execute(() -> server.shutdown(savesOn(server, name)));
            });
        }
    }
}
