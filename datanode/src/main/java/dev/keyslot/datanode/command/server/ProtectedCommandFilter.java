package dev.keyslot.datanode.command.server;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.config.ServerConfig;
import dev.keyslot.datanode.server.Client;

import java.util.Set;

/**
 * Refuses Redis's protected commands (DEBUG, MODULE LOAD, LOADEX, UNLOAD) unless their enable-*-command option allows
 * the connection. Redis checks this before authentication and counts a refusal as a rejected call.
 */
final class ProtectedCommandFilter implements CommandFilter {
    private final ServerConfig config;
    private final String option;
    private final Set<CommandSpec> guarded;
    private final String refusal;

    /** @param commandName as the error names it, e.g. "MODULE" */
    ProtectedCommandFilter(ServerConfig config, String commandName, String option, Set<CommandSpec> guarded) {
        this.config = config;
        this.option = option;
        this.guarded = guarded;
        this.refusal = "ERR " + commandName + " command not allowed. If the " + option + " option is set to "
                + "\"local\", you can run it from a local connection, otherwise you need to set this option in the "
                + "configuration file, and then restart the server.";
    }

    @Override
    public boolean admit(Client client, CommandSpec spec, byte[][] argv) {
        if (guarded.contains(spec) && !ProtectedActions.allowed(config.get(option), client)) {
            throw new CommandError(refusal);
        }
        return true;
    }

    @Override
    public int order() {
        return BEFORE_AUTHENTICATION;
    }
}
