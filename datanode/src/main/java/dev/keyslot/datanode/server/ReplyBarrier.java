package dev.keyslot.datanode.server;

import io.netty.channel.EventLoop;

import java.util.ArrayList;

/**
 * Holds replies back while something they acknowledge is not yet on disk: the append-only file's buffered
 * commands, a changed nodes.conf (Redis writes both in beforeSleep, before handling clients with pending
 * writes). Armed by the first such change of an event-loop pass, it schedules one task that runs after the
 * pass's reads: the task settles every settler once (AOF write and fsync, nodes.conf save), then sends every
 * held reply. Many pipelined changes from many clients thus cost one write and at most one fsync. Command
 * thread only.
 */
public final class ReplyBarrier {
    /** What must happen before held replies may leave. */
    @FunctionalInterface
    public interface Settler {
        void settle();
    }

    private final Server server;
    private final ArrayList<Client> held = new ArrayList<>();
    private final ArrayList<Settler> settlers = new ArrayList<>();
    private boolean armed;

    ReplyBarrier(Server server) {
        this.server = server;
    }

    public void addSettler(Settler settler) {
        settlers.add(settler);
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

    /** Settles and sends whatever was held: the task arm() schedules. */
    private void release() {
        armed = false;
        for (int i = 0; i < settlers.size(); i++) {
            settlers.get(i).settle();
        }
        for (int i = 0; i < held.size(); i++) {
            Client c = held.get(i);
            c.setHeldByBarrier(false);
            c.writeOut();
        }
        held.clear();
    }
}
