package dev.keyslot.datanode.persistence.aof;

import dev.keyslot.datanode.keyspace.SnapshotWalk;

import java.io.IOException;

/**
 * Writes an AOF base file from a snapshot, on the rewrite thread: as an RDB image (aof-use-rdb-preamble yes)
 * or as commands. Called with a database, then keys of it, and so on (a database may come again), then
 * {@link #finish}.
 */
interface BaseWriter extends SnapshotWalk.Visitor {
    /** Writes out whatever is buffered and any trailer. */
    void finish() throws IOException;
}
