package dev.keyslot.datanode.server;

import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.RequestGate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * CLIENT PAUSE: while a pause is active, affected requests (all of them, or only writes) are held back
 * per client, in order, and run when the pause ends. The event loop never waits: held requests are just
 * queued, and a timer or CLIENT UNPAUSE replays them.
 */
public final class ClientPause implements CommandFilter, RequestGate {
    private final Server server;
    private final Map<Client, Deque<byte[][]>> postponed = new LinkedHashMap<>();
    private boolean active;
    private boolean all;
    private long endMillis;

    ClientPause(Server server) {
        this.server = server;
        server.onDisconnect(postponed::remove);
    }

    /** Pauses until untilMillis; a stricter mode or later end extends an ongoing pause, never shortens it. */
    public void pause(long untilMillis, boolean pauseAll) {
        if (!active) {
            active = true;
            all = pauseAll;
            endMillis = untilMillis;
        } else {
            all |= pauseAll;
            endMillis = Math.max(endMillis, untilMillis);
        }
        long delay = Math.max(0, endMillis - System.currentTimeMillis());
        server.eventLoop().schedule(this::expireIfDue, delay, TimeUnit.MILLISECONDS);
    }

    public void unpause() {
        active = false;
        resume();
    }

    public boolean isActive() {
        return active;
    }

    private void expireIfDue() {
        if (active && System.currentTimeMillis() >= endMillis) {
            unpause();
        }
    }

    /** Requests behind a held one wait too, whatever they are. */
    @Override
    public boolean hold(Client client, byte[][] argv) {
        // Asked before every command: skip the map lookup in the usual case of no postponed clients.
        if (postponed.isEmpty()) {
            return false;
        }
        Deque<byte[][]> queue = postponed.get(client);
        if (queue == null) {
            return false;
        }
        queue.addLast(argv);
        return true;
    }

    @Override
    public boolean admit(Client client, CommandSpec spec, byte[][] argv) {
        if (!(active && affects(spec))) {
            return true;
        }
        Deque<byte[][]> queue = new ArrayDeque<>();
        queue.addLast(argv);
        postponed.put(client, queue);
        client.exemptFromTimeout(true);
        return false;
    }

    private boolean affects(CommandSpec spec) {
        return all || spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE);
    }

    /** Replays held requests client by client; a client paused again keeps the rest queued. */
    private void resume() {
        List<Map.Entry<Client, Deque<byte[][]>>> held = new ArrayList<>(postponed.entrySet());
        postponed.clear();
        for (Map.Entry<Client, Deque<byte[][]>> e : held) {
            Client c = e.getKey();
            Deque<byte[][]> queue = e.getValue();
            c.exemptFromTimeout(false);
            while (!queue.isEmpty() && !postponed.containsKey(c)) {
                server.executor().process(c, queue.pollFirst());
            }
            if (postponed.containsKey(c)) {
                postponed.get(c).addAll(queue);
            }
            server.stats().netOutputBytes += c.reply().pendingBytes();
            c.flush();
        }
    }
}
