package dev.keyslot.datanode.server;

import dev.keyslot.datanode.command.DeferredReply;
import dev.keyslot.datanode.replication.ReplicaStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis 7.0's shutdown (prepareForShutdown, finishShutdown, abortShutdown). A master whose replicas have not
 * acknowledged its whole stream first pauses writes, asks them for their offsets and waits up to
 * shutdown-timeout seconds for them to catch up, so that the SIGTERM a pod gets on a rolling restart loses no
 * write a client saw acknowledged. SHUTDOWN ABORT, or a final save that fails, cancels it; SHUTDOWN clients
 * wait for the outcome. A SIGTERM or SIGINT is only recorded when it arrives; the cron starts its shutdown.
 */
public final class ShutdownSequence {
    /** What was asked: SHUTDOWN's options, or the mode shutdown-on-sigterm / shutdown-on-sigint name. */
    public record Mode(boolean save, boolean nosave, boolean now, boolean force) {
        /** From shutdown-on-sigterm's canonical value: "default" or flags separated by single spaces. */
        public static Mode configured(String flags) {
            List<String> set = List.of(flags.split(" "));
            return new Mode(set.contains("save"), set.contains("nosave"), set.contains("now"), set.contains("force"));
        }
    }

    public static final String FAILED = "ERR Errors trying to SHUTDOWN. Check logs.";

    private final Server server;
    private Mode mode;
    /** When a shutdown waiting for replicas gives up waiting; 0 when none is in progress. */
    private long deadlineMillis;
    private final List<Waiter> waiting = new ArrayList<>();
    /** The config naming the mode of a signal not yet acted on or whose shutdown is under way; null if none. */
    private volatile String signalMode;

    ShutdownSequence(Server server) {
        this.server = server;
        server.addCronTask(this::cron);
    }

    public boolean inProgress() {
        return deadlineMillis != 0;
    }

    /** INFO server's shutdown_in_milliseconds while the shutdown waits. */
    public long millisLeft() {
        return deadlineMillis - System.currentTimeMillis();
    }

    /**
     * Shuts down now (the process exits), or starts waiting for the replicas; false when shutting down failed
     * at once. A request while a shutdown waits changes nothing: its client joins the wait.
     */
    public boolean request(Mode asked) {
        if (inProgress()) {
            return true;
        }
        // A dataset still loading is not saved over the file it comes from.
        mode = server.persistence().loadingDataset() ? new Mode(false, true, asked.now(), asked.force()) : asked;
        server.log().warning("User requested shutdown...");
        long timeoutSeconds = server.config().getLong("shutdown-timeout");
        if (!mode.now() && timeoutSeconds != 0 && !replicasCaughtUp()) {
            deadlineMillis = System.currentTimeMillis() + timeoutSeconds * 1000;
            if (!server.clientPause().isActive()) {
                server.replication().requestAcknowledgements();
            }
            server.clientPause().pause(PausePurpose.SHUTDOWN, ClientPause.UNTIL_UNPAUSED, false);
            server.log().notice("Waiting for replicas before shutting down.");
            return true;
        }
        return finish();
    }

    /** From the signal handler: the next cron shuts down in the mode the config named holds. */
    void signal(String modeConfig) {
        signalMode = modeConfig;
    }

    /** Whether a signal asked for a shutdown that has not been aborted or failed yet. */
    boolean signalled() {
        return signalMode != null;
    }

    /**
     * A SHUTDOWN client waits for the shutdown in progress, counted as blocked as in Redis: its reply comes only
     * if it fails.
     */
    public void await(Client client, DeferredReply reply) {
        client.setBlocked(true);
        waiting.add(new Waiter(client, reply));
    }

    private record Waiter(Client client, DeferredReply reply) {
    }

    /** SHUTDOWN ABORT: false when no shutdown is waiting and no signal asked for one. */
    public boolean abort() {
        if (inProgress()) {
            cancel();
        } else if (signalled()) {
            signalMode = null;
        } else {
            return false;
        }
        server.log().notice("Shutdown manually aborted.");
        return true;
    }

    private void cron() {
        if (!inProgress()) {
            actOnSignal();
        } else if (System.currentTimeMillis() >= deadlineMillis || replicasCaughtUp()) {
            finish();
        }
    }

    /** Starts the shutdown a signal asked for, unless one is under way; on the command thread. */
    void actOnSignal() {
        String signalled = signalMode;
        if (signalled != null && !inProgress()) {
            // A failure is logged and leaves the server running.
            request(Mode.configured(server.config().get(signalled)));
        }
    }

    private boolean replicasCaughtUp() {
        long offset = server.replication().offset();
        for (ReplicaStatus r : server.replication().replicas()) {
            if (r.ackOffset() != offset) {
                return false;
            }
        }
        return true;
    }

    private boolean finish() {
        reportReplicas();
        boolean save = mode.save() || (!mode.nosave() && !server.config().get("save").isEmpty());
        if (server.exitAfterSaving(save, mode.force())) {
            // Only an embedded server outlives its exit; it is stopped, nothing is in progress any more.
            deadlineMillis = 0;
            signalMode = null;
            waiting.clear();
            return true;
        }
        server.log().warning("Errors trying to shut down the server. Check the logs for more information.");
        cancel();
        return false;
    }

    private void reportReplicas() {
        long offset = server.replication().offset();
        List<ReplicaStatus> replicas = server.replication().replicas();
        int lagging = 0;
        for (ReplicaStatus r : replicas) {
            if (r.ackOffset() != offset) {
                lagging++;
                server.log().warning("Lagging replica " + r.address() + " reported offset " + (offset - r.ackOffset())
                        + " behind master, lag=" + r.lagSeconds() + ", state=" + r.state() + ".");
            }
        }
        if (!replicas.isEmpty()) {
            server.log().notice((replicas.size() - lagging) + " of " + replicas.size()
                    + " replicas are in sync when shutting down.");
        }
    }

    private void cancel() {
        deadlineMillis = 0;
        mode = null;
        signalMode = null;
        List<Waiter> answered = List.copyOf(waiting);
        waiting.clear();
        for (Waiter w : answered) {
            w.client().setBlocked(false);
            w.reply().finish(FAILED);
        }
        server.clientPause().unpause(PausePurpose.SHUTDOWN);
    }
}
