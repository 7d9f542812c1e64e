package dev.keyslot.datanode.persistence;

import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.server.Server;

/**
 * Redis's answer to a write it must obey (the master's stream, the AOF being loaded) while writes are refused for a
 * disk error: refusing it would drop the write yet advance the replication offset, so the replica stops instead
 * (replica-ignore-disk-write-errors no, the default), or with that option on applies it and warns at most every 10 s.
 * PING is always applied, with the warning.
 */
final class ObeyedWritesOnDiskError {
    private static final long WARNING_INTERVAL_MILLIS = 10_000;

    private final Server server;
    private long lastWarningMillis;

    ObeyedWritesOnDiskError(Server server) {
        this.server = server;
    }

    /** True when the command is applied despite the disk error; false once the node has been stopped for it. */
    boolean admit(CommandSpec spec) {
        if (!server.config().getBool("replica-ignore-disk-write-errors") && !spec.name().equals("ping")) {
            server.panic("Replica was unable to write command to disk.");
            return false;
        }
        long now = System.currentTimeMillis();
        if (now > lastWarningMillis + WARNING_INTERVAL_MILLIS) {
            lastWarningMillis = now;
            server.log().warning("Replica is applying a command even though it is unable to write to disk.");
        }
        return true;
    }
}
