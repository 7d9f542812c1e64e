package dev.keyslot.datanode.propagation;

/**
 * A consumer of the write stream: the replication stream (backlog and replicas) or the append-only file.
 * Each target tracks the database it last selected and emits its own SELECT, as Redis's AOF and replication
 * feeds do, because each may restart from a different point (a rewrite, a new replica).
 */
public interface PropagationTarget {
    /** False while nobody consumes the stream; when every target is idle no work is done per command. */
    boolean active();

    /**
     * One command of the write stream, in execution order, on the command thread. The arrays belong to the
     * caller and may be reused once this returns: serialize them, don't keep them.
     */
    void feed(int db, byte[][] argv);

    /** True for the replication stream, which also carries what only replicas need (PUBLISH). */
    default boolean replication() {
        return false;
    }
}
