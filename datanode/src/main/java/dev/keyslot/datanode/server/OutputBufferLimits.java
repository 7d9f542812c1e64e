package dev.keyslot.datanode.server;

import dev.keyslot.datanode.command.connection.ClientInfoLine;

import java.util.List;

/**
 * The normal and pubsub classes of client-output-buffer-limit (replicas are bounded on the shared replication
 * buffer instead, by the replication package). A client whose unsent output reaches the hard limit, or stays at
 * or above the soft limit for longer than its seconds, is closed without being sent the rest, and logged as
 * Redis logs it. Command thread only.
 */
final class OutputBufferLimits {
    private record Limit(long hard, long soft, long softSeconds) {
        static final Limit NONE = new Limit(0, 0, 0);
    }

    private final Server server;
    private Limit normal = Limit.NONE;
    private Limit pubsub = Limit.NONE;

    OutputBufferLimits(Server server) {
        this.server = server;
        configure(server.config().get("client-output-buffer-limit"));
        server.config().onChange((name, value) -> {
            if (name.equals("client-output-buffer-limit")) {
                configure(server.config().get(name));
            }
        });
    }

    private void configure(String value) {
        List<String> w = List.of(value.trim().split("\\s+"));
        for (int i = 0; i + 3 < w.size(); i += 4) {
            Limit limit = new Limit(bytes(w.get(i + 1)), bytes(w.get(i + 2)), Long.parseLong(w.get(i + 3)));
            switch (w.get(i)) {
                case "normal" -> normal = limit;
                case "pubsub" -> pubsub = limit;
                default -> { }
            }
        }
    }

    /** Limits are unsigned 64-bit byte counts; one beyond the signed range cannot be reached anyway. */
    private static long bytes(String limit) {
        long v = Long.parseUnsignedLong(limit);
        return v < 0 ? Long.MAX_VALUE : v;
    }

    /**
     * Closes c when its output is over its class's limit; true if it was closed. From a command (scheduled) the
     * rest of the client's requests are not run and its replies are dropped; from the cron it closes at once.
     */
    boolean enforce(Client c, boolean fromCron) {
        if (c.channel() == null || c.closingAsap() || c.isReplica()) {
            return false;
        }
        long bytes = c.outputBufferBytes();
        if (bytes == 0 || !exceeded(c, bytes)) {
            return false;
        }
        String info = ClientInfoLine.format(c, null, null);
        c.closeAsap();
        server.log().warning("Client " + info + (fromCron
                ? " closed for overcoming of output buffer limits."
                : " scheduled to be closed ASAP for overcoming of output buffer limits."));
        return true;
    }

    /** Redis's checkClientOutputBufferLimits: the soft limit counts in whole seconds of the server clock. */
    private boolean exceeded(Client c, long bytes) {
        Limit limit = c.subscriptions().active() ? pubsub : normal;
        if (limit.hard > 0 && bytes >= limit.hard) {
            return true;
        }
        if (limit.soft > 0 && bytes >= limit.soft) {
            long now = System.currentTimeMillis() / 1000;
            if (c.softLimitSinceSeconds() == 0) {
                c.setSoftLimitSinceSeconds(now);
                return false;
            }
            return now - c.softLimitSinceSeconds() > limit.softSeconds;
        }
        c.setSoftLimitSinceSeconds(0);
        return false;
    }

    /** The cron's pass: soft limits run out while a client sends nothing and nothing is written to it. */
    void cron() {
        for (Client c : server.clients().all().toArray(new Client[0])) {
            enforce(c, true);
        }
    }
}
