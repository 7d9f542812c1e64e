package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.testing.Differential;
import dev.keyslot.datanode.testing.RawConnection;

import java.util.ArrayList;
import java.util.List;

/** One server's turn in a differential scenario: its name for assertions, and connections closed when it ends. */
final class ServerTurn implements AutoCloseable {
    final boolean redis;
    final String name;
    private final Differential diff;
    private final List<RawConnection> connections = new ArrayList<>();

    ServerTurn(Differential diff, boolean redis) {
        this.diff = diff;
        this.redis = redis;
        this.name = redis ? "redis-server" : "data node";
    }

    RawConnection connect() {
        RawConnection c = diff.newConnection(redis);
        connections.add(c);
        return c;
    }

    @Override
    public void close() {
        for (RawConnection c : connections) {
            c.close();
        }
    }
}
