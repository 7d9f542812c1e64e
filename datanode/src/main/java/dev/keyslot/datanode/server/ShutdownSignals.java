package dev.keyslot.datanode.server;

import dev.keyslot.datanode.persistence.RdbFile;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * SIGTERM and SIGINT, as Redis's signal handler: the handler only records the signal, and the cron starts the
 * shutdown on the command thread (so DEBUG PAUSE-CRON holds it back and SHUTDOWN ABORT can still cancel it).
 * A second SIGINT while that shutdown is under way means "now": the process exits at once, dropping the
 * half-written snapshot of a save in progress.
 */
public final class ShutdownSignals {
    private ShutdownSignals() {
    }

    /** Installed before the server starts, so a signal right after "Ready to accept connections" is handled. */
    public static void install(Server server) {
        for (String name : new String[] {"TERM", "INT"}) {
            SignalHandler previous = Signal.handle(new Signal(name), signal -> received(server, name));
            if (previous == SignalHandler.SIG_IGN) {
                // The JVM keeps a signal ignored if it started ignored, where redis-server would still handle it.
                server.log().warning("SIG" + name + " was ignored when this process started (as a shell does for "
                        + "its background jobs) and stays ignored: shut down with another signal or SHUTDOWN.");
            }
        }
    }

    private static void received(Server server, String name) {
        if (!server.started()) {
            // Still starting: there is nothing to save or drain yet (Redis, loading, shuts down NOSAVE).
            server.log().warning("Received SIG" + name + " scheduling shutdown...");
            server.log().warning("User requested shutdown...");
            server.log().warning("Redis is now ready to exit, bye bye...");
            System.exit(0);
        }
        ShutdownSequence shutdown = server.shutdown();
        if (name.equals("INT") && shutdown.signalled()) {
            server.log().warning("You insist... exiting now.");
            deleteForegroundSaveFile(server);
            System.exit(1);
        }
        boolean loading = server.persistence().loadingDataset();
        server.log().warning(loading ? "Received shutdown signal during loading, scheduling shutdown."
                : "Received SIG" + name + " scheduling shutdown...");
        shutdown.signal(name.equals("TERM") ? "shutdown-on-sigterm" : "shutdown-on-sigint");
        if (loading) {
            // No cron runs while a dataset loads; Redis acts on the signal between the loading steps.
            server.eventLoop().execute(shutdown::actOnSignal);
        }
    }

    private static void deleteForegroundSaveFile(Server server) {
        try {
            Files.deleteIfExists(Path.of(server.config().get("dir")).resolve(RdbFile.tempName(false)));
        } catch (IOException | RuntimeException e) {
            // Exiting anyway; the next save overwrites a leftover temp file.
        }
    }
}
