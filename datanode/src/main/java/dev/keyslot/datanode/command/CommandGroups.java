package dev.keyslot.datanode.command;

import dev.keyslot.datanode.command.connection.ConnectionCommands;
import dev.keyslot.datanode.command.generic.KeyCommands;
import dev.keyslot.datanode.command.pubsub.PubSubCommands;
import dev.keyslot.datanode.command.server.ServerCommands;
import dev.keyslot.datanode.command.string.StringCommands;
import dev.keyslot.datanode.command.tracking.TrackingCommands;
import dev.keyslot.datanode.command.transaction.TransactionCommands;
import dev.keyslot.datanode.server.Server;

import java.util.List;

/** Every command family of the data node; the command table is the union of their registrations. */
public final class CommandGroups {
    private CommandGroups() {
    }

    public static void registerAll(Server server, CommandTable table) {
        List<CommandGroup> groups = List.of(
                new ConnectionCommands(server),
                new ServerCommands(server),
                new KeyCommands(server),
                new StringCommands(server),
                new TransactionCommands(server),
                new PubSubCommands(server),
                // Adds CLIENT subcommands: after every group that may create the CLIENT container.
                new TrackingCommands(server));
        for (CommandGroup g : groups) {
            g.register(table);
        }
    }
}
