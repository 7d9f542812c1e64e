package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.server.ClientPause;
import dev.keyslot.datanode.server.PausePurpose;
import dev.keyslot.datanode.server.Server;

/**
 * The master's side of FAILOVER (Redis's failover_state): writes are paused while a replica catches up with
 * the whole stream; then this node becomes a replica of it and sends PSYNC ... FAILOVER, which makes the
 * replica a master that continues our history. Its answer to that PSYNC ends the failover and the pause;
 * clients held by the pause then run against a replica (writes get READONLY). Runs on the command thread.
 */
final class CoordinatedFailover {
    enum State {
        NONE("no-failover"),
        WAITING_FOR_SYNC("waiting-for-sync"),
        IN_PROGRESS("failover-in-progress");

        final String infoName;

        State(String infoName) {
            this.infoName = infoName;
        }
    }

    private final Server server;
    private final Replication replication;
    private final ReplicaSet replicas;
    private State state = State.NONE;
    /** The designated replica, or (without TO) the first one found caught up; null until then. */
    private String targetHost;
    private int targetPort;
    /** 0: no TIMEOUT, the failover waits until it succeeds or is aborted. */
    private long deadlineMillis;
    private boolean force;
    private boolean checkScheduled;

    CoordinatedFailover(Server server, Replication replication, ReplicaSet replicas) {
        this.server = server;
        this.replication = replication;
        this.replicas = replicas;
    }

    State state() {
        return state;
    }

    boolean active() {
        return state != State.NONE;
    }

    /** Started with a TIMEOUT (Redis's failover_end_time). */
    boolean hasDeadline() {
        return deadlineMillis != 0;
    }

    boolean inProgress() {
        return state == State.IN_PROGRESS;
    }

    /** Starts waiting for the target (null: any replica) to catch up; the caller validated the request. */
    void start(String host, int port, long timeoutMillis, boolean forced) {
        if (host != null) {
            targetHost = host;
            targetPort = port;
            server.log().notice("FAILOVER requested to " + host + ":" + port + ".");
        } else {
            server.log().notice("FAILOVER requested to any replica.");
        }
        deadlineMillis = timeoutMillis > 0 ? System.currentTimeMillis() + timeoutMillis : 0;
        force = forced;
        state = State.WAITING_FOR_SYNC;
        server.clientPause().pause(PausePurpose.FAILOVER, ClientPause.UNTIL_UNPAUSED, false);
        scheduleCheck();
    }

    /**
     * Checks after the current command: a replica's ACK may complete the wait, and becoming a replica must not
     * happen while that replica's own command runs (Redis checks in beforeSleep for the same reason).
     */
    void scheduleCheck() {
        if (state == State.WAITING_FOR_SYNC && !checkScheduled) {
            checkScheduled = true;
            server.eventLoop().execute(() -> {
                checkScheduled = false;
                check();
            });
        }
    }

    /** Redis's updateFailoverStatus: the timeout (abort, or with FORCE fail over anyway), or a caught-up replica. */
    void check() {
        if (state != State.WAITING_FOR_SYNC) {
            return;
        }
        if (deadlineMillis != 0 && deadlineMillis <= System.currentTimeMillis()) {
            if (force) {
                server.log().notice("FAILOVER to " + targetHost + ":" + targetPort
                        + " time out exceeded, failing over.");
                failOver();
            } else {
                abort("Replica never caught up before timeout");
            }
            return;
        }
        long offset = replication.offset();
        ReplicaLink synced = targetHost != null ? find(targetHost, targetPort) : anyCaughtUp(offset);
        if (synced == null || synced.ackOffset != offset) {
            return;
        }
        if (targetHost == null) {
            targetHost = synced.ip();
            targetPort = synced.listeningPort;
        }
        server.log().notice("Failover target " + targetHost + ":" + targetPort + " is synced, failing over.");
        failOver();
    }

    private ReplicaLink anyCaughtUp(long offset) {
        for (ReplicaLink r : replicas.replicas()) {
            if (r.ackOffset == offset) {
                return r;
            }
        }
        return null;
    }

    /** The replica at host:port as Redis finds it: announced or peer IP, and REPLCONF listening-port. */
    ReplicaLink find(String host, long port) {
        for (ReplicaLink r : replicas.replicas()) {
            if (r.ip().equalsIgnoreCase(host) && r.listeningPort == port) {
                return r;
            }
        }
        return null;
    }

    private void failOver() {
        state = State.IN_PROGRESS;
        replication.failOverTo(targetHost, targetPort);
    }

    /** The target answered PSYNC ... FAILOVER: accepted (+CONTINUE, or a full resync in edge cases) or not. */
    void psyncAnswered(boolean accepted) {
        if (state != State.IN_PROGRESS) {
            return;
        }
        if (accepted) {
            clear();
        } else {
            abort("Failover target rejected psync request");
        }
    }

    /** Ends a failover without success; one already redirected to its target makes this node a master again. */
    void abort(String reason) {
        if (state == State.NONE) {
            return;
        }
        server.log().notice(targetHost != null
                ? "FAILOVER to " + targetHost + ":" + targetPort + " aborted: " + reason
                : "FAILOVER to any replica aborted: " + reason);
        if (state == State.IN_PROGRESS) {
            replication.promote();
        }
        clear();
    }

    private void clear() {
        state = State.NONE;
        targetHost = null;
        targetPort = 0;
        deadlineMillis = 0;
        force = false;
        server.clientPause().unpause(PausePurpose.FAILOVER);
    }
}
