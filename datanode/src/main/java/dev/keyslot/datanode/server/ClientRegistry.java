package dev.keyslot.datanode.server;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The connected clients by id, in connection order (CLIENT LIST prints them so). */
public final class ClientRegistry {
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private long nextId = 1;

    long nextId() {
        return nextId++;
    }

    void add(Client c) {
        clients.put(c.id(), c);
    }

    void remove(Client c) {
        clients.remove(c.id());
    }

    public Client byId(long id) {
        return clients.get(id);
    }

    public Collection<Client> all() {
        return Collections.unmodifiableCollection(clients.values());
    }

    /** Clients flagged blocked (INFO blocked_clients). */
    public int blocked() {
        int n = 0;
        for (Client c : clients.values()) {
            if (c.blocked()) {
                n++;
            }
        }
        return n;
    }

    public int size() {
        return clients.size();
    }
}
