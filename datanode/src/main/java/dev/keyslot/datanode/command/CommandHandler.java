package dev.keyslot.datanode.command;

import dev.keyslot.datanode.server.Client;

/** Executes one command; argv[0] is the command name. Errors are thrown as {@link CommandError}. */
@FunctionalInterface
public interface CommandHandler {
    void execute(Client client, byte[][] argv);
}
