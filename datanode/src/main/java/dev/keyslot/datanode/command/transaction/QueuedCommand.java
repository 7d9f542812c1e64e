package dev.keyslot.datanode.command.transaction;

import dev.keyslot.datanode.command.CommandSpec;

/** A command accepted between MULTI and EXEC, already resolved and arity-checked. */
public record QueuedCommand(CommandSpec spec, byte[][] argv) {
}
