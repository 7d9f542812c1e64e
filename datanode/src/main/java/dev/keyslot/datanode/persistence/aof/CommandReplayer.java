package dev.keyslot.datanode.persistence.aof;

/** Runs the commands read from an AOF, in the context of a client that gets no replies. */
interface CommandReplayer {
    /** False for a command name the server does not know (the AOF then fails to load). */
    boolean knows(byte[][] argv);

    void execute(byte[][] argv);
}
