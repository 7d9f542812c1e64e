package dev.keyslot.datanode.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Requests held back per client and replayed later, in order: once one request of a client is held, its later
 * requests (whatever they are) wait behind it. The event loop never waits; held requests are only queued.
 */
public final class PostponedRequests {
    private final Server server;
    private final Map<Client, Deque<byte[][]>> held = new LinkedHashMap<>();

    public PostponedRequests(Server server) {
        this.server = server;
        server.onDisconnect(held::remove);
    }

    public boolean isEmpty() {
        return held.isEmpty();
    }

    /** Queues argv behind the client's held requests; false when none of its requests is held. */
    public boolean queueBehind(Client client, byte[][] argv) {
        // Asked before every command: skip the map lookup in the usual case of nobody held.
        if (held.isEmpty()) {
            return false;
        }
        Deque<byte[][]> queue = held.get(client);
        if (queue == null) {
            return false;
        }
        queue.addLast(argv);
        return true;
    }

    /** Holds argv, the first of the client's requests to wait. */
    public void hold(Client client, byte[][] argv) {
        Deque<byte[][]> queue = new ArrayDeque<>();
        queue.addLast(argv);
        held.put(client, queue);
    }

    /**
     * Replays the held requests client by client, each told to released first; a client held again on the way
     * keeps the rest of its requests queued behind.
     */
    public void replay(Consumer<Client> released) {
        List<Map.Entry<Client, Deque<byte[][]>>> waiting = new ArrayList<>(held.entrySet());
        held.clear();
        for (Map.Entry<Client, Deque<byte[][]>> e : waiting) {
            Client c = e.getKey();
            Deque<byte[][]> queue = e.getValue();
            released.accept(c);
            while (!queue.isEmpty() && !held.containsKey(c)) {
                server.executor().process(c, queue.pollFirst());
            }
            if (held.containsKey(c)) {
                held.get(c).addAll(queue);
            }
            c.sendReplies();
        }
    }
}
