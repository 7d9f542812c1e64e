package dev.keyslot.datanode.command;

import dev.keyslot.datanode.server.Client;

/**
 * A check between lookup and execution (MULTI queueing, subscribed-mode restrictions, OOM, cluster
 * redirection). Returns true to let the command run; false when the filter has replied in its place.
 * A filter rejecting with an error throws {@link CommandError}.
 */
@FunctionalInterface
public interface CommandFilter {
    boolean admit(Client client, CommandSpec spec, byte[][] argv);
}
