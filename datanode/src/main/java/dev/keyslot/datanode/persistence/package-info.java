/**
 * RDB persistence, and the API replication and AOF build on.
 *
 * <ul>
 *   <li>{@link dev.keyslot.datanode.persistence.RdbSnapshot#start}: a point-in-time RDB of the whole keyspace
 *       streamed to any OutputStream (file, replica socket, AOF base) by a background thread, with a
 *       completion callback on the command thread. One at a time:
 *       {@link dev.keyslot.datanode.persistence.Persistence#snapshotRunning()} says whether one runs.
 *       {@link dev.keyslot.datanode.persistence.Persistence#saveInfo(boolean)} gives the aux fields (true for an
 *       AOF base); replication supplies repl-stream-db/repl-id/repl-offset through
 *       {@link dev.keyslot.datanode.persistence.Persistence#setReplicationMark}.</li>
 *   <li>{@link dev.keyslot.datanode.persistence.RdbLoader}: loads an RDB stream into the keyspace on the
 *       command thread, on top of what is there (flush first to replace), stopping exactly after the
 *       checksum so an AOF tail or replication stream can follow in the same stream; its result carries the
 *       file's replication mark.</li>
 *   <li>{@link dev.keyslot.datanode.persistence.RdbFile}: dir/dbfilename with temp file, fsync and atomic
 *       rename. {@link dev.keyslot.datanode.persistence.Persistence}: SAVE, BGSAVE, save points, shutdown and
 *       startup, INFO persistence.</li>
 *   <li>New value types register their codecs in {@link dev.keyslot.datanode.persistence.rdb.RdbValues}.</li>
 * </ul>
 */
package dev.keyslot.datanode.persistence;
