package dev.keyslot.datanode.pubsub;

import dev.keyslot.datanode.command.CommandExecutor;
import dev.keyslot.datanode.server.Client;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Writes out-of-band messages (pub/sub, invalidations) to a client. Like Redis's CLIENT_PUSHING they get
 * through CLIENT REPLY OFF, and a client other than the one being served is flushed at once rather than
 * at the end of its own next read batch. While a script thread executes commands (see ScriptRunner) the
 * flushes are held and done by the command thread afterwards, so sockets are only written from it.
 */
public final class Pushes {
    private final CommandExecutor executor;
    private final Set<Client> held = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean holding;

    public Pushes(CommandExecutor executor) {
        this.executor = executor;
    }

    /** Unmutes c's output; pass the result to {@link #end}. */
    public boolean begin(Client c) {
        boolean muted = c.reply().muted();
        c.reply().setMuted(false);
        return muted;
    }

    public void end(Client c, boolean wasMuted) {
        c.reply().setMuted(wasMuted);
        if (c == executor.currentClient()) {
            return;
        }
        if (holding) {
            held.add(c);
        } else {
            c.sendReplies();
        }
    }

    /** Keeps pushed messages in their clients' output buffers until {@link #releaseFlushes}. */
    public void holdFlushes() {
        holding = true;
    }

    /** Flushes the clients that received pushes since {@link #holdFlushes}. */
    public void releaseFlushes() {
        holding = false;
        if (held.isEmpty()) {
            return;
        }
        for (Client c : held) {
            c.sendReplies();
        }
        held.clear();
    }
}
