package dev.keyslot.datanode.persistence;

/**
 * What an RDB's aux fields say besides the data: used-mem at the start of the save, the replication
 * position (null unless the server takes part in replication, as Redis's rdbPopulateSaveInfo), and whether
 * the RDB is the base of an AOF.
 */
public record SaveInfo(long usedMemory, ReplicationMark replication, boolean aofBase) {
    /** repl-stream-db, repl-id and repl-offset. */
    public record ReplicationMark(int streamDb, String replId, long offset) {
    }
}
