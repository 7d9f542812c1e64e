package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.transaction.QueuedCommand;
import dev.keyslot.datanode.server.Client;

/**
 * While the dataset loads, only commands flagged "loading" run (PING, INFO, CONFIG, ...); while it loads
 * asynchronously (the old dataset still served) all but those flagged "no_async_loading" run. As in Redis's
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
        CommandFlag needed;
        boolean deniedWithFlag;
        if (persistence.loading()) {
            needed = CommandFlag.LOADING;
            deniedWithFlag = false;
        } else if (persistence.asyncLoading()) {
            needed = CommandFlag.NO_ASYNC_LOADING;
            deniedWithFlag = true;
        } else {
            return true;
        }
        boolean denied = spec.has(needed) == deniedWithFlag;
        if (spec.name().equals("exec") && c.multi().inMulti()) {
            for (QueuedCommand q : c.multi().queued()) {
                denied |= q.spec().has(needed) == deniedWithFlag;
            }
        }
        if (denied) {
            throw new CommandError(LOADING);
        }
        return true;
    }

    @Override
    public int order() {
        return LAST - 3;
    }
}
