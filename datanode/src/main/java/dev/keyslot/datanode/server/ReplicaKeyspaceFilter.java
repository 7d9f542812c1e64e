package dev.keyslot.datanode.server;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;

/**
 * Replicas may not read or write keys, so that they cannot slip past a client pause, from which replicas are
 * exempt; a client in MONITOR mode is refused too, since Redis marks it as a replica.
 */
final class ReplicaKeyspaceFilter implements CommandFilter {
    @Override
    public boolean admit(Client client, CommandSpec spec, byte[][] argv) {
        int keyspace = CommandFlag.READONLY.bit() | CommandFlag.WRITE.bit() | CommandFlag.MAY_REPLICATE.bit();
        if ((client.isMonitoring() || client.isReplica()) && (client.multi().admissionFlags(spec, argv) & keyspace) != 0) {
            throw new CommandError("ERR Replica can't interact with the keyspace");
        }
        return true;
    }

    /** After the loading and busy-script checks, before MULTI queueing, as in Redis's processCommand. */
    @Override
    public int order() {
        return LAST - 1;
    }
}
