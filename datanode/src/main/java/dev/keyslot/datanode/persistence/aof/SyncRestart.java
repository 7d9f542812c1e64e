package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.server.Server;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Turning the AOF on again after a replica's full sync or promotion (Redis's restartAOFAfterSYNC): up to ten
 * attempts a second apart, after which a replica that still cannot write its AOF exits rather than go on without
 * persisting what its master sends. Redis sleeps between attempts; here they are scheduled on the command thread,
 * which keeps serving meanwhile, and stop as soon as the AOF is on or no longer wanted.
 */
final class SyncRestart {
    private static final int MAX_TRIES = 10;

    private final Server server;
    private final BooleanSupplier wanted;
    private final BooleanSupplier turnOn;
    private ScheduledFuture<?> next;
    private int failures;

    /**
     * @param wanted true while the AOF is configured on but is off
     * @param turnOn one attempt to turn it on; false when it failed
     */
    SyncRestart(Server server, BooleanSupplier wanted, BooleanSupplier turnOn) {
        this.server = server;
        this.wanted = wanted;
        this.turnOn = turnOn;
    }

    /** Starts a new series of attempts, the first one now. */
    void begin() {
        cancel();
        failures = 0;
        attempt();
    }

    /** Another sync is replacing the dataset: the attempts wait for its end (which begins a new series). */
    void cancel() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    private void attempt() {
        next = null;
        if (!wanted.getAsBoolean()) {
            return;
        }
        if (failures == MAX_TRIES) {
            server.log().warning("FATAL: this replica instance finished the synchronization with its master, but the AOF"
                    + " can't be turned on. Exiting now.");
            server.exitFatally();
            return;
        }
        if (turnOn.getAsBoolean()) {
            return;
        }
        failures++;
        server.log().warning("Failed enabling the AOF after successful master synchronization! Trying it again in one"
                + " second.");
        next = server.eventLoop().schedule(this::attempt, 1, TimeUnit.SECONDS);
    }
}
