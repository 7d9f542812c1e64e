package dev.keyslot.datanode.command;

/** A family of commands (strings, lists, server, ...) that registers its rows in the command table. */
public interface CommandGroup {
    void register(CommandTable table);
}
