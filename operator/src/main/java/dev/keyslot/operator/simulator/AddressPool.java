package dev.keyslot.operator.simulator;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Loopback pod IPs (prefix.first .. prefix.last). An address released by a stopped pod goes to the back of
 * the queue, so a restarted pod gets a new IP, as on a real pod network.
 */
public final class AddressPool {
    private final Deque<String> free = new ArrayDeque<>();

    /** @param prefix e.g. "127.0.1." */
    public AddressPool(String prefix, int first, int last) {
        for (int host = first; host <= last; host++) {
            free.addLast(prefix + host);
        }
    }

    public synchronized String take() {
        if (free.isEmpty()) {
            throw new IllegalStateException("no free pod addresses left");
        }
        return free.pollFirst();
    }

    public synchronized void release(String address) {
        free.addLast(address);
    }
}
