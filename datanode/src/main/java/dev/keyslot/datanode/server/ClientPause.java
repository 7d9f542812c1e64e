package dev.keyslot.datanode.server;

import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.RequestGate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Client pauses (CLIENT PAUSE, a failover's write pause): while a pause is active, affected requests
 * (all of them, or only writes) are held back per client, in order, and run when the pause ends. The event
 * loop never waits: held requests are just queued, and a timer or the end of the pause replays them. Each
 * {@link PausePurpose} has its own mode and end; the pause in force is the strictest mode among the purposes
 * still paused.
 */
public final class ClientPause implements CommandFilter, RequestGate {
    /** The end of a pause that only {@link #unpause} ends (FAILOVER's, which waits for its replica). */
    public static final long UNTIL_UNPAUSED = Long.MAX_VALUE;

    private final Server server;
    private final PostponedRequests postponed;
    private static final int PURPOSES = PausePurpose.values().length;
    private final boolean[] pausedBy = new boolean[PURPOSES];
    private final boolean[] allBy = new boolean[PURPOSES];
    private final long[] endBy = new long[PURPOSES];
    private boolean active;
    private boolean all;
    /** Told when no pause is in force any more, after the held requests ran. */
    private final List<Runnable> endListeners = new ArrayList<>();

    ClientPause(Server server) {
        this.server = server;
        this.postponed = new PostponedRequests(server);
    }

    /** Pauses for purpose until untilMillis; a stricter mode or later end extends its pause, never shortens it. */
    public void pause(PausePurpose purpose, long untilMillis, boolean pauseAll) {
        int i = purpose.ordinal();
        if (pausedBy[i]) {
            allBy[i] |= pauseAll;
            endBy[i] = Math.max(endBy[i], untilMillis);
        } else {
            pausedBy[i] = true;
            allBy[i] = pauseAll;
            endBy[i] = untilMillis;
        }
        update();
        if (untilMillis == UNTIL_UNPAUSED) {
            return;
        }
        // One millisecond late, so the timer never runs before the end it checks.
        long delay = Math.max(0, untilMillis - System.currentTimeMillis()) + 1;
        server.eventLoop().schedule(this::update, delay, TimeUnit.MILLISECONDS);
    }

    public void onEnd(Runnable listener) {
        endListeners.add(listener);
    }

    /** Ends the pause of purpose; the pauses of other purposes go on. */
    public void unpause(PausePurpose purpose) {
        pausedBy[purpose.ordinal()] = false;
        update();
    }

    /** Whether purpose's pause is in force (possibly past its end until the timer drops it). */
    public boolean isPausedFor(PausePurpose purpose) {
        return pausedBy[purpose.ordinal()];
    }

    public boolean isActive() {
        return active;
    }

    /** Drops expired pauses and recomputes the pause in force; requests it no longer holds are replayed. */
    private void update() {
        long now = System.currentTimeMillis();
        boolean wasAll = all;
        boolean wasActive = active;
        active = false;
        all = false;
        for (int i = 0; i < PURPOSES; i++) {
            if (pausedBy[i] && endBy[i] <= now) {
                pausedBy[i] = false;
            }
            if (pausedBy[i]) {
                active = true;
                all |= allBy[i];
            }
        }
        if (active != wasActive) {
            server.keyspace().setFrozen(active);
        }
        if (wasActive && (!active || (wasAll && !all))) {
            resume();
        }
        if (wasActive && !active) {
            for (Runnable listener : endListeners) {
                listener.run();
            }
        }
    }

    /** Requests behind a held one wait too, whatever they are. */
    @Override
    public boolean hold(Client client, byte[][] argv) {
        return postponed.queueBehind(client, argv);
    }

    @Override
    public boolean admit(Client client, CommandSpec spec, byte[][] argv) {
        // Monitors are never paused, as Redis exempts its replicas (MONITOR marks the client as one).
        if (!(active && affects(client, spec, argv)) || client.isMonitoring()) {
            return true;
        }
        postponed.hold(client, argv);
        // Redis blocks a held client (CLIENT LIST flag b, INFO blocked_clients).
        client.setBlocked(true);
        client.exemptFromTimeout(true);
        return false;
    }

    /**
     * After the checks that refuse a command (READONLY, MASTERDOWN, loading, a busy script): Redis postpones a
     * command only once it would run, so a replica refuses a write at once, paused or not (a FAILOVER that
     * already switched to its target, for one).
     */
    @Override
    public int order() {
        return LAST - 1;
    }

    /**
     * Whether the pause in force holds argv from client: a replica leaves its master's stream unapplied from
     * there on (Redis postpones the master client too), still reading it.
     */
    public boolean wouldHold(Client client, byte[][] argv) {
        if (!active) {
            return false;
        }
        if (all) {
            return true;
        }
        CommandSpec spec = server.commands().lookup(argv[0]);
        if (spec != null && spec.hasSubcommands() && argv.length >= 2) {
            CommandSpec sub = spec.subcommand(new String(argv[1], java.nio.charset.StandardCharsets.ISO_8859_1)
                    .toLowerCase(java.util.Locale.ROOT));
            spec = sub != null ? sub : spec;
        }
        return spec != null && affects(client, spec, argv);
    }

    private boolean affects(Client client, CommandSpec spec, byte[][] argv) {
        return all || (client.multi().admissionFlags(spec, argv)
                & (CommandFlag.WRITE.bit() | CommandFlag.MAY_REPLICATE.bit())) != 0;
    }

    /** Replays held requests client by client; a client paused again keeps the rest queued. */
    private void resume() {
        postponed.replay(c -> {
            c.setBlocked(false);
            c.exemptFromTimeout(false);
        });
    }
}
