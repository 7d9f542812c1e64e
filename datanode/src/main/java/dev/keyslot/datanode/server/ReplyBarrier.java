package dev.keyslot.datanode.server;

import io.netty.channel.EventLoop;

import java.util.ArrayList;

/**
 * Holds replies back while the append-only file has commands not yet written (Redis writes its AOF buffer
 * in beforeSleep, before handling clients with pending writes). Armed by the first buffered write of an
 * event-loop pass, it schedules one task that runs after the pass's reads: the task settles the file (write,
 * and fsync with appendfsync always) once, then sends every held reply. Many pipelined writes from many
 * clients thus cost one write and at most one fsync. Command thread only.
 */
public final class ReplyBarrier {
    /** What must happen before held replies may leave. */
    @FunctionalInterface
    public interface Settler {
        void settle();
    }

    private final Server server;
    private final ArrayList<Client> held = new ArrayList<>();
    private Settler settler;
    private boolean armed;

    ReplyBarrier(Server server) {
        this.server = server;
    }

    public void setSettler(Settler settler) {
        this.settler = settler;
    }

    /** Called when something was buffered that replies must wait for; idempotent within a pass. */
    public void arm() {
        if (armed) {
            return;
        }
        armed = true;
        EventLoop loop = server.eventLoop();
        loop.execute(this::release);
    }

    /** True when c's replies must wait: c is then flushed by the release task. */
    boolean hold(Client c) {
        if (!armed) {
            return false;
        }
        if (!c.heldByBarrier()) {
            c.setHeldByBarrier(true);
            held.add(c);
        }
        return true;
    }

    /** Settles now (the cron, shutdown) and sends whatever was held. */
    public void release() {
        armed = false;
        if (settler != null) {
            settler.settle();
        }
        for (int i = 0; i < held.size(); i++) {
            Client c = held.get(i);
            c.setHeldByBarrier(false);
            c.writeOut();
        }
        held.clear();
    }
}
