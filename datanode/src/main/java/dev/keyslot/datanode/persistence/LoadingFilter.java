package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.transaction.QueuedCommand;
import dev.keyslot.datanode.server.Client;

/**
 * While the dataset loads, only commands flagged "loading" run (PING, INFO, CONFIG, ...), as in Redis's
 * processCommand: after the replication checks and before the busy-script check. EXEC is judged by the
 * commands it queued.
 */
final class LoadingFilter implements CommandFilter {
    private static final String LOADING = "LOADING Redis is loading the dataset in memory";

    private final Persistence persistence;

    LoadingFilter(Persistence persistence) {
        this.persistence = persistence;
    }

    @Override
    public boolean admit(Client c, CommandSpec spec, byte[][] argv) {
        if (!persistence.loading()) {
            return true;
        }
        boolean denied = !spec.has(CommandFlag.LOADING);
        if (spec.name().equals("exec") && c.multi().inMulti()) {
            for (QueuedCommand q : c.multi().queued()) {
                denied |= !q.spec().has(CommandFlag.LOADING);
            }
        }
        if (denied) {
            throw new CommandError(LOADING);
        }
        return true;
    }

    @Override
    public int order() {
        return LAST - 2;
    }
}
