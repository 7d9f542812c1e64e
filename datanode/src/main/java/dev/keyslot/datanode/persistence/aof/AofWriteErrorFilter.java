package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.server.Client;

/** While the AOF cannot be written, writes (and PING, as in Redis) are refused with MISCONF. */
final class AofWriteErrorFilter implements CommandFilter {
    private final Aof aof;

    AofWriteErrorFilter(Aof aof) {
        this.aof = aof;
    }

    @Override
    public int order() {
        return DISK_ERROR;
    }

    @Override
    public boolean admit(Client client, CommandSpec spec, byte[][] argv) {
        if (spec.has(CommandFlag.WRITE) || spec.name().equals("ping")) {
            String error = aof.writeError();
            if (error != null && !(client.mustObey() && aof.obeyedWrites().admit(spec))) {
                throw new CommandError("MISCONF Errors writing to the AOF file: " + error);
            }
        }
        return true;
    }
}
