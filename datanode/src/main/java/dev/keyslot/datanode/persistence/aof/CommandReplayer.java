package dev.keyslot.datanode.persistence.aof;

/** Runs the commands read from an AOF, in the context of a client that gets no replies. */
interface CommandReplayer {
    /** False for a command name the server does not know (the AOF then fails to load). */
    boolean knows(byte[][] argv);

    void execute(byte[][] argv);

    /**
     * Executes a command after which the replay can pause: true when it left a slow script running, which the
     * replay must wait for before the next command.
     */
    default boolean executeMayPause(byte[][] argv) {
        execute(argv);
        return false;
    }

    /** Whether a script a command left running still runs: the replay waits meanwhile. */
    default boolean waiting() {
        return false;
    }
}
