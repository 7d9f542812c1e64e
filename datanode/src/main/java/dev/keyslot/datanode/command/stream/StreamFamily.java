package dev.keyslot.datanode.command.stream;

import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.server.Server;

import java.util.List;

/** The stream commands, registered together. */
public final class StreamFamily implements CommandGroup {
    private final List<CommandGroup> groups;

    public StreamFamily(Server server) {
        groups = List.of(
                new StreamCommands(server),
                new StreamReadCommands(server),
                new StreamGroupCommands(server),
                new StreamPendingCommands(server),
                new StreamInfoCommand(server));
    }

    @Override
    public void register(CommandTable t) {
        for (CommandGroup g : groups) {
            g.register(t);
        }
    }
}
