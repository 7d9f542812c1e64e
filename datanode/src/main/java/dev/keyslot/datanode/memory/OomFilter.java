package dev.keyslot.datanode.memory;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.server.Client;

/**
 * Before every command, while over maxmemory, evicts keys as the policy allows; commands that may grow
 * the dataset (flag denyoom) are refused when nothing more can be freed. Other commands, deletions
 * included, still run so a user can make room.
 */
final class OomFilter implements CommandFilter {
    static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    private final MemoryMonitor monitor;
    private final Evictor evictor;

    OomFilter(MemoryMonitor monitor, Evictor evictor) {
        this.monitor = monitor;
        this.evictor = evictor;
    }

    /** Redis checks memory right after cluster redirection, before the disk-error and replication checks. */
    @Override
    public int order() {
        return DISK_ERROR - 1;
    }

    @Override
    public boolean admit(Client client, CommandSpec spec, byte[][] argv) {
        // What the master sends must be applied: a replica follows its master's dataset, not its own limit.
        if (monitor.maxmemory() == 0 || client.isReplicationMaster()) {
            return true;
        }
        if (evictor.run() == Evictor.Result.FAIL && (client.multi().admissionFlags(spec, argv) & CommandFlag.DENYOOM.bit()) != 0) {
            throw new CommandError(OOM);
        }
        return true;
    }
}
