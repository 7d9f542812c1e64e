package dev.keyslot.datanode.replication;

import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.server.Server;

import java.util.function.Consumer;

/**
 * Redis's afterErrorReply for a replica's master client: a command of the master's stream failing here means
 * this replica's data may now differ from its master's. Each such error is logged as critical and counted
 * (unexpected_error_replies). Redis's panic under propagation-error-behavior panic is not done.
 */
final class MasterStreamErrors implements Consumer<String> {
    private static final int MAX_LOGGED_ERROR = 4096;

    private final Server server;
    private byte[][] command = {};

    MasterStreamErrors(Server server) {
        this.server = server;
    }

    /** The stream's command about to run as the master client. */
    void applying(byte[][] argv) {
        command = argv;
    }

    @Override
    public void accept(String error) {
        CommandSpec spec = command.length == 0 ? null : server.executor().commandOf(command);
        String name = spec == null ? "<unknown>" : spec.fullName();
        String shown = error.length() > MAX_LOGGED_ERROR ? error.substring(0, MAX_LOGGED_ERROR) : error;
        server.log().warning("== CRITICAL == This replica is sending an error to its master: '" + shown
                + "' after processing the command '" + name + "'");
        server.stats().unexpectedErrorReplies++;
    }
}
