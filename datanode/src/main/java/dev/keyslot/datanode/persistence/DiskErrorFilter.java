package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandFlag;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.persistence.aof.Aof;
import dev.keyslot.datanode.server.Client;
import dev.keyslot.datanode.server.Server;

/**
 * Writes (and PING, as in Redis) are refused with MISCONF while the node cannot persist them (Redis's
 * writeCommandsDeniedByDiskError): after a failed background save when stop-writes-on-bgsave-error applies, else
 * while the AOF cannot be written. What the node must obey (its master's stream) goes to {@link ObeyedWritesOnDiskError}.
 */
public final class DiskErrorFilter implements CommandFilter {
    private static final String RDB_ERROR = "MISCONF Redis is configured to save RDB snapshots, but it's currently"
            + " unable to persist to disk. Commands that may modify the data set are disabled, because this instance is"
            + " configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option)."
            + " Please check the Redis logs for details about the RDB error.";

    private final Persistence persistence;
    private final Aof aof;
    private final ObeyedWritesOnDiskError obeyedWrites;

    public DiskErrorFilter(Server server, Persistence persistence, Aof aof) {
        this.persistence = persistence;
        this.aof = aof;
        this.obeyedWrites = new ObeyedWritesOnDiskError(server);
    }

    @Override
    public int order() {
        return DISK_ERROR;
    }

    @Override
    public boolean admit(Client client, CommandSpec spec, byte[][] argv) {
        if ((client.multi().admissionFlags(spec, argv) & CommandFlag.WRITE.bit()) != 0 || spec.name().equals("ping")) {
            String error = diskError();
            if (error != null && !(client.mustObey() && obeyedWrites.admit(spec))) {
                throw new CommandError(error);
            }
        }
        return true;
    }

    private String diskError() {
        return diskError(persistence, aof);
    }

    /** The MISCONF error writes get now (a failed background save or AOF write), or null. */
    public static String diskError(Persistence persistence, Aof aof) {
        if (persistence.writesDenied()) {
            return RDB_ERROR;
        }
        String aofError = aof.writeError();
        return aofError == null ? null : "MISCONF Errors writing to the AOF file: " + aofError;
    }
}
