package dev.keyslot.datanode.persistence;

import java.util.List;

/**
 * What an RDB's aux fields say besides the data: used-mem at the start of the save, the replication
 * position (null unless the server takes part in replication, as Redis's rdbPopulateSaveInfo), and whether
 * the RDB is the base of an AOF; and the function libraries' code as the save starts, which Redis writes
 * before the keys.
 */
public record SaveInfo(long usedMemory, ReplicationMark replication, boolean aofBase, List<byte[]> functionLibraries) {
    /** repl-stream-db, repl-id and repl-offset. */
    public record ReplicationMark(int streamDb, String replId, long offset) {
    }
}
