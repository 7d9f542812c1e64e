package dev.keyslot.datanode.command;

/**
 * Flags that depend on the request, not only on the command: Redis's getCommandFlags, by which EVAL and
 * FCALL take the flags their script declares. The admission checks (pause, read-only replica, OOM, disk
 * errors, monitors) ask for these; COMMAND INFO shows the declared ones.
 */
@FunctionalInterface
public interface RequestFlags {
    /** The flags of this request, given the command's declared flags (bits of {@link CommandFlag}). */
    int of(int declared, byte[][] argv);
}
