package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.command.transaction.QueuedCommand;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/**
 * The replication checks of Redis's processCommand, in its order: NOREPLICAS (min-replicas-to-write),
 * READONLY (a read-only replica) and MASTERDOWN (replica-serve-stale-data no). The master's own
 * link is obeyed without checks. EXEC is judged by the commands it queued.
 */
final class ReplicationFilter implements CommandFilter {
    private static final String MASTERDOWN =
            "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";

    private final Server server;
    private final Replication replication;
    /** Read on every command, so kept parsed rather than looked up in the configuration each time. */
    private long minReplicasToWrite;

    ReplicationFilter(Server server, Replication replication) {
        this.server = server;
        this.replication = replication;
        minReplicasToWrite = server.config().getLong("min-replicas-to-write");
        server.config().onChange((name, value) -> {
            if (name.equals("min-replicas-to-write")) {
                minReplicasToWrite = Long.parseLong(value);
            }
        });
    }

    @Override
    public boolean admit(Client c, CommandSpec spec, byte[][] argv) {
        if (c.isReplicationMaster()) {
            return true;
        }
        boolean replica = replication.isReplica();
        long minReplicas = minReplicasToWrite;
        if (!replica && minReplicas == 0) {
            return true;
        }
        boolean exec = spec.name().equals("exec") && c.multi().inMulti();
        boolean write = spec.has(CommandFlag.WRITE, argv);
        boolean denyStale = !spec.has(CommandFlag.STALE, argv);
        if (exec) {
            for (QueuedCommand q : c.multi().queued()) {
                write |= q.spec().has(CommandFlag.WRITE, q.argv());
                denyStale |= !q.spec().has(CommandFlag.STALE, q.argv());
            }
        }
        if (write && !replica && minReplicas > 0
                && replication.goodReplicas() < minReplicas) {
            throw new CommandError(Replication.NOREPLICAS);
        }
        if (replica && write && server.config().getBool("replica-read-only")) {
            throw new CommandError(Replication.READONLY);
        }
        if (denyStale && replication.stale()) {
            throw new CommandError(MASTERDOWN);
        }
        return true;
    }
}
