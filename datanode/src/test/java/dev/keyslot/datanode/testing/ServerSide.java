package dev.keyslot.datanode.testing;

import java.util.function.IntSupplier;

/**
 * One of the two servers of a differential scenario with several clients: where to connect, and how
 * many clients it currently has blocked (so a scenario can wait for a BLPOP to be parked before pushing).
 */
public record ServerSide(String name, String host, int port, IntSupplier blockedClients) {

    public RawConnection connect() {
        return new RawConnection(host, port);
    }

    /** Waits (bounded) until exactly n clients are blocked. */
    public void awaitBlocked(int n) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (blockedClients.getAsInt() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": expected " + n + " blocked clients, have " + blockedClients.getAsInt());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The reference redis-server; blocked clients read from INFO clients over a control connection. */
    public static ServerSide of(RedisServerProcess redis) {
        RawConnection control = new RawConnection(redis.host(), redis.port());
        return new ServerSide("redis-server", redis.host(), redis.port(), () -> {
            String info = control.callString("INFO", "clients");
            int at = info.indexOf("blocked_clients:");
            int end = info.indexOf('\r', at);
            return Integer.parseInt(info.substring(at + "blocked_clients:".length(), end));
        });
    }

    /** The embedded data node; blocked clients (as INFO counts them) on its command thread. */
    public static ServerSide of(EmbeddedDataNode node) {
        return new ServerSide("data node", node.host(), node.port(), () -> {
            try {
                return node.server().eventLoop().submit(() -> node.server().clients().blocked()).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
