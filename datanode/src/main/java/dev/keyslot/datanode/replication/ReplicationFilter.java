package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.transaction.QueuedCommand;
import dev.keyslot.datanode.server.Client;

/**
 * The replication checks of Redis's processCommand, in its order: NOREPLICAS (min-replicas-to-write),
 * READONLY (a read-only replica) and MASTERDOWN (replica-serve-stale-data no). The master's own
 * link is obeyed without checks. EXEC is judged by the commands it queued.
 */
final class ReplicationFilter implements CommandFilter {
    private static final String MASTERDOWN =
            "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";

    private final Replication replication;

    ReplicationFilter(Replication replication) {
        this.replication = replication;
    }

    @Override
    public boolean admit(Client c, CommandSpec spec, byte[][] argv) {
        if (c.isReplicationMaster()) {
            return true;
        }
        if (!replication.isReplica() && !replication.writesNeedReplicas()) {
            return true;
        }
        boolean write = (c.multi().admissionFlags(spec, argv) & CommandFlag.WRITE.bit()) != 0;
        boolean denyStale = !spec.has(CommandFlag.STALE, argv);
        if (spec.name().equals("exec") && c.multi().inMulti()) {
            for (QueuedCommand q : c.multi().queued()) {
                denyStale |= !q.spec().has(CommandFlag.STALE, q.argv());
            }
        }
        if (write && replication.tooFewReplicasToWrite()) {
            throw new CommandError(Replication.NOREPLICAS);
        }
        if (write && replication.readOnlyReplica()) {
            throw new CommandError(Replication.READONLY);
        }
        if (denyStale && replication.stale()) {
            throw new CommandError(MASTERDOWN);
        }
        return true;
    }
}
