package dev.keyslot.datanode.command;

import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.ServerStats;

/**
 * The reply of a command that finishes after its handler returned (work done off the command thread or over
 * the network), while the client's further requests are held back. Redis runs such commands synchronously,
 * so the outcome is counted as if the handler had produced it: the waiting time in the command's usec, an
 * error in failed_calls and errorstats.
 */
public final class DeferredReply {
    private final Client client;
    private final CommandSpec spec;
    private final ServerStats stats;
    private final long startNanos;

    private DeferredReply(Client client, CommandSpec spec, ServerStats stats) {
        this.client = client;
        this.spec = spec;
        this.stats = stats;
        this.startNanos = System.nanoTime();
    }

    /** Holds back the client's input until {@link #finish} answers it. */
    public static DeferredReply pause(Client client, CommandSpec spec, ServerStats stats) {
        client.pauseInput();
        return new DeferredReply(client, spec, stats);
    }

    /** Replies +OK, or the error when not null, and lets the client's next requests in. */
    public void finish(String error) {
        spec.microseconds += (System.nanoTime() - startNanos) / 1000;
        if (error != null) {
            spec.failedCalls++;
            stats.countError(error);
        }
        if (client.channel() != null && !client.channel().isActive()) {
            return;
        }
        if (error == null) {
            client.reply().ok();
        } else {
            client.reply().error(error);
        }
        client.resumeInput();
    }
}
