package dev.keyslot.datanode.persistence;

import java.util.List;

/**
 * What an RDB's aux fields say besides the data: used-mem at the start of the save, the replication
 * position (null unless the server takes part in replication, as Redis's rdbPopulateSaveInfo), and whether
 * the RDB is the base of an AOF; the function libraries' code as the save starts, which Redis writes
 * before the keys; and whether the keys follow (not for a replica that asked for functions only).
 */
public record SaveInfo(long usedMemory, ReplicationMark replication, boolean aofBase, List<byte[]> functionLibraries,
                       boolean withKeys) {
    /** repl-stream-db, repl-id and repl-offset. */
    public record ReplicationMark(int streamDb, String replId, long offset) {
    }
}
