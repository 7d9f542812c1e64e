package dev.keyslot.datanode.persistence.aof;

import java.io.IOException;

/** The keyspace as of one moment, written by another thread while commands go on changing it. */
interface KeyspaceSnapshot {
    /** Visits every captured key as it was at capture time; throws when cancelled. */
    void writeTo(BaseWriter writer) throws IOException;

    /** Any thread: asks {@link #writeTo} to stop early. */
    void cancel();

    /** Command thread, once {@link #writeTo} has returned: the keyspace stops preserving old values. */
    void end();

    /** Heap bytes copied to keep the snapshot consistent (aof_last_cow_size). */
    long copiedBytes();
}
