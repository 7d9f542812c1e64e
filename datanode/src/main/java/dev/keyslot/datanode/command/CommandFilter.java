package dev.keyslot.datanode.command;

import dev.keyslot.datanode.server.Client;

/**
 * A check between lookup and execution (MULTI queueing, subscribed-mode restrictions, OOM, cluster
 * redirection). Returns true to let the command run; false when the filter has replied in its place.
 * A filter rejecting with an error throws {@link CommandError}.
 */
@FunctionalInterface
public interface CommandFilter {
    /**
     * Redis's protected-command check (enable-module-command): right after lookup and arity, before even
     * authentication.
     */
    int BEFORE_AUTHENTICATION = Integer.MIN_VALUE;
    /** Filters run by ascending order (ties in registration order), as Redis's processCommand checks do. */
    int FIRST = Integer.MIN_VALUE + 1;
    int DEFAULT = 0;
    /** The MISCONF refusals after a failed save or AOF write: after OOM, before READONLY/NOREPLICAS, as in Redis. */
    int DISK_ERROR = DEFAULT - 10;
    int LAST = Integer.MAX_VALUE;

    boolean admit(Client client, CommandSpec spec, byte[][] argv);

    default int order() {
        return DEFAULT;
    }
}
