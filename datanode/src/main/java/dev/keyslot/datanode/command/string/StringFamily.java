package dev.keyslot.datanode.command.string;

import dev.keyslot.datanode.command.CommandGroup;
import dev.keyslot.datanode.command.CommandTable;
import dev.keyslot.datanode.server.Server;

import java.util.List;

/** The string and bitmap command families, registered together. */
public final class StringFamily implements CommandGroup {
    private final List<CommandGroup> groups;

    public StringFamily(Server server) {
        groups = List.of(
                new StringCommands(server),
                new MultiKeyCommands(server),
                new CounterCommands(server),
                new RangeCommands(server),
                new LcsCommand(server),
                new BitCommands(server),
                new BitopCommand(server),
                new BitfieldCommand(server));
    }

    @Override
    public void register(CommandTable t) {
        for (CommandGroup g : groups) {
            g.register(t);
        }
    }
}
