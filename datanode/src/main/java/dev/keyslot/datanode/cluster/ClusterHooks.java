package dev.keyslot.datanode.cluster;

/** What cluster mode needs from the rest of the server: keys by slot, replication, pub/sub. */
public interface ClusterHooks {
    int countKeysInSlot(int slot);

    /** Up to count keys of the slot. */
    java.util.List<byte[]> keysInSlot(int slot, int count);

    int deleteKeysInSlot(int slot);

    /**
     * The offset advertised in bus headers: master_repl_offset, or the replica's processed offset (0 while it
     * holds none).
     */
    long replicationOffset();

    /**
     * How long ago this replica last heard from its master, in milliseconds (since the link went down when it
     * is down), or -1 when it holds no data replicated from it: such a replica must never be promoted.
     */
    long masterDataAgeMillis();

    /** Holds writes back until untilMillis: a master handing over to a replica in a manual failover. */
    void pauseWrites(long untilMillis);

    /** Ends a pause started by {@link #pauseWrites}. */
    void resumeWrites();

    /** Starts replicating from the given master (this node became its replica). */
    void replicateFrom(String host, int port);

    /** Stops replicating and keeps the data (this node became a master). */
    void stopReplicating();

    /** This node stopped serving the slot: its shard channels' subscribers are unsubscribed. */
    void servedSlotLost(int slot);

    /** A message published on another node, delivered to local subscribers. */
    void deliverPublish(byte[] channel, byte[] message, boolean sharded);
}
