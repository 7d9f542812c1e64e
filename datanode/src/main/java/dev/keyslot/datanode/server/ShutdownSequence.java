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
 * wait for the outcome.
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
    private final List<DeferredReply> waiting = new ArrayList<>();

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
        mode = server.persistence().loading() ? new Mode(false, true, asked.now(), asked.force()) : asked;
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

    /** A SHUTDOWN client waits for the shutdown in progress: its reply comes only if it fails. */
    public void await(DeferredReply reply) {
        waiting.add(reply);
    }

    /** SHUTDOWN ABORT: false when no shutdown is waiting. */
    public boolean abort() {
        if (!inProgress()) {
            return false;
        }
        cancel();
        server.log().notice("Shutdown manually aborted.");
        return true;
    }

    private void cron() {
        if (inProgress() && (System.currentTimeMillis() >= deadlineMillis || replicasCaughtUp())) {
            finish();
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
        List<DeferredReply> answered = List.copyOf(waiting);
        waiting.clear();
        for (DeferredReply reply : answered) {
            reply.finish(FAILED);
        }
        server.clientPause().unpause(PausePurpose.SHUTDOWN);
    }
}
