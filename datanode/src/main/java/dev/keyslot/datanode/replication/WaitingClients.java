package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.ClientPause;
import dev.keyslot.datanode.server.blocking.UnblockedError;

import java.util.ArrayList;
import java.util.List;

/**
 * WAIT: clients blocked until enough replicas acknowledged their last write, or their timeout. Asking the
 * replicas for acknowledgements (REPLCONF GETACK into the stream) happens once per event-loop turn however
 * many clients started waiting in it, as Redis does in beforeSleep; while clients are paused the request
 * waits for the pause to end, as the stream must not grow then.
 */
final class WaitingClients {
    private record Waiter(Client client, long offset, long replicas, long deadlineMillis) {
    }

    static final byte[][] GETACK = StreamEncoding.command("REPLCONF", "GETACK", "*");

    private final Replication replication;
    private final ReplicaSet replicaSet;
    private final List<Waiter> waiters = new ArrayList<>();
    private final ClientPause pause;
    private boolean ackRequested;

    WaitingClients(Replication replication, ReplicaSet replicaSet, ClientPause pause) {
        this.replication = replication;
        this.replicaSet = replicaSet;
        this.pause = pause;
        pause.onEnd(this::sendRequestedAck);
    }

    /** Replicas online whose acknowledged offset reached offset. */
    int acknowledged(long offset) {
        int n = 0;
        for (ReplicaLink r : replicaSet.replicas()) {
            if (r.state == ReplicaLink.State.ONLINE && r.ackOffset >= offset) {
                n++;
            }
        }
        return n;
    }

    int countWithTimeout() {
        int n = 0;
        for (Waiter w : waiters) {
            if (w.deadlineMillis != Long.MAX_VALUE) {
                n++;
            }
        }
        return n;
    }

    void block(Client c, long replicas, long timeoutMillis) {
        long deadline = timeoutMillis == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutMillis;
        waiters.add(new Waiter(c, c.replicationWriteOffset(), replicas, deadline));
        c.setBlocked(true);
        c.pauseInput();
        c.exemptFromTimeout(true);
        if (timeoutMillis > 0) {
            c.server().eventLoop().schedule(this::expire, timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        if (!ackRequested) {
            ackRequested = true;
            c.server().eventLoop().execute(this::sendRequestedAck);
        }
    }

    private void sendRequestedAck() {
        if (!ackRequested || pause.isActive()) {
            return;
        }
        ackRequested = false;
        if (!replication.isReplica()) {
            replicaSet.appendCommand(GETACK);
        }
    }

    /** After acknowledgements arrived: serves the waiters now satisfied. */
    void acknowledgementsChanged() {
        for (Waiter w : List.copyOf(waiters)) {
            int n = acknowledged(w.offset);
            if (n >= w.replicas) {
                serve(w, n);
            }
        }
    }

    void expire() {
        long now = System.currentTimeMillis();
        for (Waiter w : List.copyOf(waiters)) {
            if (now >= w.deadlineMillis) {
                serve(w, acknowledged(w.offset));
            }
        }
    }

    private void serve(Waiter w, int replicas) {
        waiters.remove(w);
        w.client.setBlocked(false);
        w.client.exemptFromTimeout(false);
        w.client.reply().integer(replicas);
        w.client.resumeInput();
    }

    /**
     * CLIENT UNBLOCK: ends c's WAIT with the count its timeout would reply, or with the UNBLOCKED error; false
     * when c is not waiting. Its held-back requests run after the current command, as in Redis.
     */
    boolean unblock(Client c, boolean withError) {
        for (Waiter w : waiters) {
            if (w.client == c) {
                waiters.remove(w);
                c.setBlocked(false);
                c.exemptFromTimeout(false);
                if (withError) {
                    UnblockedError.send(c);
                } else {
                    c.reply().integer(acknowledged(w.offset));
                }
                c.server().eventLoop().execute(c::resumeInput);
                return true;
            }
        }
        return false;
    }

    /** This node became a replica: every WAIT is answered UNBLOCKED and its client disconnected. */
    void disconnectAll() {
        for (Waiter w : List.copyOf(waiters)) {
            waiters.remove(w);
            w.client.setBlocked(false);
            w.client.exemptFromTimeout(false);
            UnblockedError.sendRoleChangedAndClose(w.client);
        }
    }

    void forget(Client c) {
        waiters.removeIf(w -> {
            if (w.client == c) {
                c.setBlocked(false);
                c.exemptFromTimeout(false);
                return true;
            }
            return false;
        });
    }
}
