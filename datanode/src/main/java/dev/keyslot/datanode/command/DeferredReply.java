package dev.keyslot.datanode.command;

import dev.keyslot.datanode.server.Client;

/**
 * The reply of a command that finishes after its handler returned (work done off the command thread or over
 * the network), while the client's further requests are held back. Redis runs such commands synchronously,
 * so the outcome is accounted as if the handler had produced it: the waiting time in the command's usec, the
 * slowlog and the latency monitor, an error in failed_calls and errorstats. Made by
 * {@link CommandExecutor#defer}.
 */
public final class DeferredReply {
    private final Client client;
    private final CommandSpec spec;
    private final byte[][] argv;
    private final CommandExecutor executor;
    private final long startNanos;

    DeferredReply(Client client, CommandSpec spec, byte[][] argv, CommandExecutor executor, long startNanos) {
        this.client = client;
        this.spec = spec;
        this.argv = argv;
        this.executor = executor;
        this.startNanos = startNanos;
    }

    /** Replies +OK, or the error when not null, and lets the client's next requests in. */
    public void finish(String error) {
        account(error);
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

    /**
     * Accounts the command, from its start until now, for a caller that writes the reply and lets the client's
     * requests in itself; error (null when none) as for {@link #finish}.
     */
    public void account(String error) {
        executor.answeredLater(client, spec, argv, (System.nanoTime() - startNanos) / 1000, error);
    }
}
