package dev.keyslot.datanode.command;

import dev.keyslot.datanode.server.Client;

/**
 * Told when a request is refused before running (unknown command, arity, authentication, a filter's
 * error), as Redis's rejectCommand: MULTI marks the transaction failed, a refused EXEC aborts it.
 */
@FunctionalInterface
public interface RejectionHook {
    /**
     * @param spec the refused command, null when it is unknown
     * @return the error text to reply with (usually error itself)
     */
    String rejected(Client client, CommandSpec spec, String error);
}
