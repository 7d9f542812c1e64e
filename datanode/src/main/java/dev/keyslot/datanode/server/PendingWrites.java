package dev.keyslot.datanode.server;

import java.util.ArrayList;

/**
 * Clients whose read batch left replies to send, written together once the event loop has handled every
 * ready socket of its pass, as Redis writes its clients_pending_write in beforeSleep. Flushing each
 * connection right after its own read interleaved reads and writes: a client such as redis-benchmark was
 * woken for one reply at a time, about twice as often as by redis-server (bench/RESULTS.md, 2026-11-26
 * "P=1"). Command thread only.
 */
final class PendingWrites {
    private final Server server;
    private final ArrayList<Client> pending = new ArrayList<>();
    private final Runnable writeAll = this::writeAll;

    PendingWrites(Server server) {
        this.server = server;
    }

    /** Queues c for the end of the pass; the first client of a pass schedules the one task that writes all. */
    void add(Client c) {
        if (c.pendingWrite()) {
            return;
        }
        c.setPendingWrite(true);
        if (pending.isEmpty()) {
            server.eventLoop().execute(writeAll);
        }
        pending.add(c);
    }

    private void writeAll() {
        for (int i = 0; i < pending.size(); i++) {
            Client c = pending.get(i);
            c.setPendingWrite(false);
            c.sendReplies();
        }
        pending.clear();
    }
}
