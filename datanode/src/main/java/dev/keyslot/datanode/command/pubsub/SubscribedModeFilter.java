package dev.keyslot.datanode.command.pubsub;

import dev.keyslot.datanode.command.CommandError;
import dev.keyslot.datanode.command.CommandFilter;
import dev.keyslot.datanode.command.CommandSpec;
import dev.keyslot.datanode.server.Client;

import java.util.Set;

/**
 * A RESP2 connection in pub/sub mode can only carry (un)subscriptions, PING, QUIT and RESET: any other
 * reply would be mistaken for a message. RESP3 tells pushes apart, so it allows everything.
 */
final class SubscribedModeFilter implements CommandFilter {
    private static final Set<String> ALLOWED = Set.of("ping", "subscribe", "ssubscribe", "unsubscribe",
            "sunsubscribe", "psubscribe", "punsubscribe", "quit", "reset");

    @Override
    public boolean admit(Client client, CommandSpec spec, byte[][] argv) {
        if (!client.subscriptions().active() || client.reply().resp3()
                || (spec.parent() == null && ALLOWED.contains(spec.name()))) {
            return true;
        }
        throw new CommandError("ERR Can't execute '" + spec.fullName() + "': only (P|S)SUBSCRIBE / "
                + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
    }
}
