package dev.keyslot.datanode.pubsub;

import dev.keyslot.datanode.command.CommandExecutor;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.ServerStats;

/**
 * Writes out-of-band messages (pub/sub, invalidations) to a client. Like Redis's CLIENT_PUSHING they get
 * through CLIENT REPLY OFF, and a client other than the one being served is flushed at once rather than
 * at the end of its own next read batch.
 */
public final class Pushes {
    private final CommandExecutor executor;
    private final ServerStats stats;

    public Pushes(CommandExecutor executor, ServerStats stats) {
        this.executor = executor;
        this.stats = stats;
    }

    /** Unmutes c's output; pass the result to {@link #end}. */
    public boolean begin(Client c) {
        boolean muted = c.reply().muted();
        c.reply().setMuted(false);
        return muted;
    }

    public void end(Client c, boolean wasMuted) {
        c.reply().setMuted(wasMuted);
        if (c != executor.currentClient()) {
            stats.netOutputBytes += c.reply().pendingBytes();
            c.flush();
        }
    }
}
