package dev.keyslot.datanode.command.transaction;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.server.Client;

/** Refuses no_multi commands (SAVE, SHUTDOWN, SYNC...) inside MULTI, first among the filters as in Redis. */
final class NoMultiFilter implements CommandFilter {
    @Override
    public boolean admit(Client client, CommandSpec spec, byte[][] argv) {
        if (client.multi().inMulti && spec.has(CommandFlag.NO_MULTI)) {
            throw new CommandError("ERR Command not allowed inside a transaction");
        }
        return true;
    }

    @Override
    public int order() {
        return FIRST;
    }
}
