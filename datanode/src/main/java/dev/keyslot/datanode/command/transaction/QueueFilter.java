package dev.keyslot.datanode.command.transaction;

import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.server.Client;

import java.util.Set;

/**
 * Between MULTI and EXEC, queues every admitted command and replies +QUEUED instead of running it.
 * Runs after every other filter, so only commands that passed all checks are queued.
 */
final class QueueFilter implements CommandFilter {
    /** Commands that act on the transaction itself or the connection, so they run at once. */
    private static final Set<String> IMMEDIATE = Set.of("exec", "discard", "multi", "watch", "quit", "reset");

    @Override
    public boolean admit(Client client, CommandSpec spec, byte[][] argv) {
        MultiState multi = client.multi();
        if (!multi.inMulti || (spec.parent() == null && IMMEDIATE.contains(spec.name()))) {
            return true;
        }
        multi.queue(spec, argv);
        client.reply().simple("QUEUED");
        return false;
    }

    @Override
    public int order() {
        return LAST;
    }
}
